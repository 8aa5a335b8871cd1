/// The leads workbench and the supplier page (Policy L2), merged into `L10n`.
enum LeadTexts {
    static let zh: [String: String] = [
        "ldLogged": "已记录跟进情况。", "ldOneMatter": "一事一议", "ldCoSponsor": "共同招商的链主企业", "ldNotes": "备注",
        "ldLog": "跟进记录", "ldHappenedOn": "跟进日期", "ldWhat": "跟进情况（联系、拜访、洽谈的结果）", "ldWhatShort": "跟进情况",
        "ldNextStep": "下一步", "ldBy": "记录人", "ldLogAdd": "记录跟进", "ldLogEmpty": "尚无跟进记录：每次联系、拜访、洽谈后在这里记一笔。",
        "ldMove": "推进线索", "ldMoveTo": "阶段改为", "ldKeep": "（保持当前阶段）", "ldDetails": "线索情况", "ldCluster": "产业集群",
        "ldChain": "产业链", "ldAllClusters": "全部集群", "ldAllChains": "全部产业链", "ldAllStages": "全部阶段", "ldAllOwners": "全部跟进人",
        "ldFilter": "筛选", "ldClear": "清除筛选", "ldEmpty": "没有符合条件的线索：可放宽筛选条件，或换一个年度。",
        "ldEmptyYear": "该年度链主企业没有从市外采购缺失或薄弱环节的记录，暂无线索。", "ldCount": "共 %d 条", "ldOpen": "详情",
        "ldFollow": "加入招商线索", "ldOwnerHint": "负责跟进的人，如：市投资促进局 王五", "ldParkHint": "拟落地的园区，如：高新区集成电路产业园",
        "ldStartHint": "加入后由跟进人联系该供应商，争取在本市设厂或设立配套企业（政府+园区+链主）。", "ldBack": "返回招商线索",
        "ldLanded": "落地时填写：该企业在本市登记的统一社会信用代码", "ldDropped": "放弃时填写原因", "ldSave": "保存",
        "ldAlready": "该供应商已在招商线索中", "ldRank": "排名",
        "spByYear": "历年链主采购", "spBuyers": "本地采购方（%d年）", "spSegments": "所属环节", "spLead": "招商线索",
        "spCandidates": "可能对应的本地企业（待确认）", "spLocalFirm": "查看本地企业档案", "spLocal": "本地供应商", "spOutside": "市外供应商",
        "spNoBuyers": "该年度没有本地链主企业向其采购。", "spKind": "类型", "spBuyer": "采购方（链主企业）", "mapNoData": "无数据", "mapMore": "更多 (%d)",
        "mapLead": "招商线索",
    ]

    static let en: [String: String] = [
        "ldLogged": "Follow-up recorded.", "ldOneMatter": "Case-by-case terms", "ldCoSponsor": "Co-sponsoring chain leader",
        "ldNotes": "Notes",
        "ldLog": "Follow-up log", "ldHappenedOn": "Date", "ldWhat": "What happened (call, visit, talks)", "ldWhatShort": "What happened",
        "ldNextStep": "Next step", "ldBy": "Recorded by", "ldLogAdd": "Record follow-up",
        "ldLogEmpty": "No follow-up yet: record each call, visit or talk here.", "ldMove": "Move the lead", "ldMoveTo": "New stage",
        "ldKeep": "(keep the stage)", "ldDetails": "The lead", "ldCluster": "Cluster", "ldChain": "Chain", "ldAllClusters": "All clusters",
        "ldAllChains": "All chains", "ldAllStages": "All stages", "ldAllOwners": "All owners", "ldFilter": "Filter",
        "ldClear": "Clear filters",
        "ldEmpty": "No lead matches: widen the filters or pick another year.",
        "ldEmptyYear": "No chain leader bought from outside suppliers in missing or weak segments that year: no leads.",
        "ldCount": "%d in all", "ldOpen": "Open", "ldFollow": "Add to leads",
        "ldOwnerHint": "Who follows it up, e.g. Investment Bureau, Wang Wu",
        "ldParkHint": "The park it would land in",
        "ldStartHint": "The owner contacts the supplier to set up in the city (government + park + chain leader).",
        "ldBack": "Back to leads", "ldLanded": "When landed: the firm's USCC as registered in the city", "ldDropped": "When dropped: why",
        "ldSave": "Save", "ldAlready": "This supplier is already a lead", "ldRank": "Rank",
        "spByYear": "Chain leaders' purchases by year", "spBuyers": "Local buyers (%d)", "spSegments": "Segments", "spLead": "Lead",
        "spCandidates": "Possibly this local firm (to confirm)", "spLocalFirm": "Open the local firm's profile",
        "spLocal": "Local supplier",
        "spOutside": "Outside supplier", "spNoBuyers": "No local chain leader bought from it that year.", "spKind": "Kind",
        "spBuyer": "Buyer (chain leader)", "mapNoData": "no data", "mapMore": "More (%d)", "mapLead": "Lead",
    ]
}
