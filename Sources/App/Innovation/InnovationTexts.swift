/// Honours and rewards (荣誉与奖励), merged into `L10n`.
enum InnovationTexts {
    static let zh: [String: String] = [
        "honours": "荣誉与奖励", "honoursTitle": "企业荣誉和创新成果", "honourKind": "荣誉类型", "honourYear": "名单年度", "product": "产品",
        "firstTime": "首次", "firstTimeHint": "首次获得该类荣誉（单项冠军产品按产品计），计入G3并自动列入免申即享奖励", "recordHonour": "记录荣誉",
        "honourRecorded": "已记录。首次获得的荣誉已自动列入免申即享奖励名单。", "evidence": "依据（文号、链接）", "rewards": "免申即享奖励",
        "rewardsHint": "企业首次获得荣誉即自动列入，无需申请；确认、公示后兑现。", "rewardAmount": "奖励金额（元）", "rewardStatus": "状态",
        "moveReward": "办理", "reward_pending": "待确认", "reward_confirmed": "已确认", "reward_noticed": "已公示", "reward_paid": "已兑现",
        "reward_withdrawn": "已撤回", "paidOn": "拨付日期", "voucher": "凭证号", "noHonours": "暂无荣誉记录。", "noRewards": "暂无奖励。",
        "rewardMoved": "已办理。", "level_national": "国家级", "level_provincial": "省级", "level_city": "市级", "allKinds": "全部类型",
        "allYears": "全部年度", "allStatuses": "全部状态", "myRewards": "本企业的免申即享奖励", "honoursOfFirm": "荣誉",
        "consortia": "创新联合体", "consortiumLead": "牵头", "consortiumMember": "成员", "consortiumRole": "角色", "level": "级别",
    ]
    static let en: [String: String] = [
        "honours": "Honours & rewards", "honoursTitle": "Honours and innovation results", "honourKind": "Honour", "honourYear": "List year",
        "product": "Product", "firstTime": "First",
        "firstTimeHint": "First grant of the kind (per product for product-level kinds): counts in G3 and is rewarded without application",
        "recordHonour": "Record honour", "honourRecorded": "Recorded. A first-time honour is on the reward list already.",
        "evidence": "Evidence (document, link)", "rewards": "Rewards without application",
        "rewardsHint": "A firm's first honour puts it on the list without any application; confirmed and published, then paid.",
        "rewardAmount": "Amount (CNY)", "rewardStatus": "Status", "moveReward": "Act", "reward_pending": "Pending",
        "reward_confirmed": "Confirmed", "reward_noticed": "Published", "reward_paid": "Paid", "reward_withdrawn": "Withdrawn",
        "paidOn": "Paid on", "voucher": "Voucher", "noHonours": "No honours recorded.", "noRewards": "No rewards.", "rewardMoved": "Done.",
        "level_national": "National", "level_provincial": "Provincial", "level_city": "City", "allKinds": "All kinds",
        "allYears": "All years",
        "allStatuses": "All statuses", "myRewards": "Our rewards without application", "honoursOfFirm": "Honours",
        "consortia": "Innovation consortia", "consortiumLead": "Lead", "consortiumMember": "Member", "consortiumRole": "Role",
        "level": "Level",
    ]
}
