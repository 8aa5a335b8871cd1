/// The targets dashboard (Policy G1–G5), merged into `L10n`.
enum DashboardTexts {
    static let zh: [String: String] = [
        "sdTitle": "工作看板", "sdCluster": "产业集群", "sdChain": "产业链", "sdTiers": "本地在营企业（按梯队）", "sdRate": "本地配套率（链主企业采购）",
        "sdRateShare": "配套率", "sdBought": "采购额（亿元）", "sdLocal": "本地采购（亿元）", "sdNoPurchases": "尚无采购数据。",
        "sdRequests": "服务与培育", "sdOpen": "办理中诉求", "sdOverdue": "超期诉求", "sdHonours": "本年度新获荣誉", "sdReviews": "90天内到期复核",
        "sdNeeds": "融资需求", "sdAnswered": "银行已答复", "sdApproved": "已获授信", "sdLeads": "补链招商线索", "sdGaps": "缺失和薄弱环节",
        "sdChainCol": "产业链", "sdSegment": "环节", "sdNoGaps": "该年度没有缺失或薄弱环节。", "sdOpenBoard": "工作看板",
        "dashboard": "目标看板", "dashboardTitle": "2027年目标看板",
        "dashboardScope": "口径：全市；G1、G2按链主认定记录（G2按上一年度产值），G3按首次获评国家级单项冠军的荣誉记录，G4按当年批准的市级创新联合体，G5按链主企业当年采购额计算的本地配套率。点击数字查看所计入的企业或明细。",
        "dashboardAsOf": "统计时间：", "dashboardDataYear": "数据年度", "dashboardByCluster": "分产业集群", "dbShow": "查看",
        "dbBrief": "一页简报（Word）",
        "dbCluster": "产业集群",
    ]

    static let en: [String: String] = [
        "sdTitle": " dashboard", "sdCluster": "Cluster", "sdChain": "Chain", "sdTiers": "Active local firms by tier",
        "sdRate": "Local supporting rate (chain leaders' purchases)", "sdRateShare": "Rate", "sdBought": "Bought (100 M yuan)",
        "sdLocal": "Local (100 M yuan)", "sdNoPurchases": "No purchases recorded yet.", "sdRequests": "Service and cultivation",
        "sdOpen": "Open requests", "sdOverdue": "Overdue", "sdHonours": "Honours this year", "sdReviews": "Reviews due in 90 days",
        "sdNeeds": "Financing needs", "sdAnswered": "Answered by banks", "sdApproved": "Credit approved", "sdLeads": "Investment leads",
        "sdGaps": "Missing and weak segments", "sdChainCol": "Chain", "sdSegment": "Segment",
        "sdNoGaps": "No missing or weak segments that year.",
        "sdOpenBoard": "Dashboard",
        "dashboard": "Dashboard", "dashboardTitle": "2027 targets dashboard",
        "dashboardScope":
            "Scope: the whole city; G1 and G2 from recognitions (G2 on last year's output), G3 from first-time national single-champion honours, G4 from city-level consortia approved in the year, G5 the local supporting rate of chain leaders' purchases in the year. Click a figure for the firms or rows it counts.",
        "dashboardAsOf": "As of", "dashboardDataYear": "Data year", "dashboardByCluster": "By cluster", "dbShow": "Show",
        "dbBrief": "One-page brief (Word)",
        "dbCluster": "Cluster",
    ]
}
