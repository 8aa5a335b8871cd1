/// The targets dashboard (Policy G1–G5), merged into `L10n`.
enum DashboardTexts {
    static let zh: [String: String] = [
        "dashboard": "目标看板", "dashboardTitle": "2027年目标看板",
        "dashboardScope": "口径：全市；G1、G2按链主认定记录（G2按上一年度产值），G3按首次获评国家级单项冠军的荣誉记录，G4按当年批准的市级创新联合体，G5按链主企业当年采购额计算的本地配套率。点击数字查看所计入的企业或明细。",
        "dashboardAsOf": "统计时间：", "dashboardDataYear": "数据年度", "dashboardByCluster": "分产业集群", "dbShow": "查看",
        "dbBrief": "一页简报（Word）",
        "dbCluster": "产业集群",
    ]

    static let en: [String: String] = [
        "dashboard": "Dashboard", "dashboardTitle": "2027 targets dashboard",
        "dashboardScope":
            "Scope: the whole city; G1 and G2 from recognitions (G2 on last year's output), G3 from first-time national single-champion honours, G4 from city-level consortia approved in the year, G5 the local supporting rate of chain leaders' purchases in the year. Click a figure for the firms or rows it counts.",
        "dashboardAsOf": "As of", "dashboardDataYear": "Data year", "dashboardByCluster": "By cluster", "dbShow": "Show",
        "dbBrief": "One-page brief (Word)",
        "dbCluster": "Cluster",
    ]
}
