import Vapor

/// Page texts: Chinese first, English on request (`?lang=en`, remembered in a cookie).
enum Locale2: String, Sendable {
    case zh = "zh-CN", en

    static func of(_ req: Request) -> Locale2 {
        if let q = try? req.query.get(String.self, at: "lang") { return q == "en" ? .en : .zh }
        return req.cookies["lang"]?.string == "en" ? .en : .zh
    }
}

enum L10n {
    static func texts(_ locale: Locale2) -> [String: String] {
        locale == .en ? en : zh
    }

    static let zh: [String: String] = [
        "app": "链主通", "appLong": "链主通 · 无锡市“465”产业集群链主企业服务平台",
        "home": "首页", "clusters": "产业集群", "enterprises": "企业库", "imports": "数据导入", "logout": "退出",
        "login": "登录", "username": "用户名", "password": "密码", "loginFailed": "用户名或密码错误",
        "synthetic": "演示环境：本系统中的企业及数据均为虚构的演示数据，不代表任何真实企业。",
        "taxonomyEditable": "产业链及环节划分为可编辑的默认方案（官方“3010”清单未公开），管理员可调整。",
        "clusterCount": "产业集群", "chainCount": "重点产业链", "enterpriseCount": "在库企业", "leaderCount": "链主企业",
        "byTier": "按梯队", "byDistrict": "按区县", "tier": "梯队", "district": "区县", "count": "数量",
        "kind": "类别", "landmark": "地标产业", "advantage": "优势产业", "future": "未来产业",
        "chains": "产业链", "segments": "环节", "chief": "链长", "upstream": "上游", "midstream": "中游", "downstream": "下游",
        "noFirms": "暂无企业",
        "search": "搜索", "searchHint": "企业名称、简称、曾用名或统一社会信用代码", "all": "全部", "filter": "筛选",
        "reset": "重置", "sort": "排序", "results": "条结果", "export": "导出本列表", "prev": "上一页", "next": "下一页",
        "name": "企业名称", "shortName": "简称", "uscc": "统一社会信用代码", "status": "状态", "chain": "产业链",
        "segment": "环节", "latestOutput": "最新产值（万元）", "year": "年度", "page": "页",
        "profile": "企业档案", "identity": "基本信息", "formerNames": "曾用名", "address": "地址", "founded": "成立日期",
        "ownership": "企业性质", "contact": "联系人", "phone": "电话", "email": "邮箱", "statusDate": "状态日期",
        "successor": "承继企业", "tierHistory": "梯队变化记录", "reason": "原因", "date": "日期", "by": "操作人",
        "figures": "年度经营数据", "outputValue": "产值", "revenue": "营业收入", "rdExpense": "研发费用",
        "employees": "从业人数", "taxPaid": "纳税额", "exports": "出口额", "totalAssets": "资产总额",
        "totalLiabilities": "负债总额", "mainBusinessRevenue": "主营业务收入", "source": "来源",
        "rdIntensity": "研发强度", "debtRatio": "资产负债率", "outputGrowth": "产值增速", "outputCagr2y": "两年复合增速",
        "unitWan": "单位：万元", "unknown": "未知", "edit": "编辑", "save": "保存", "cancel": "取消",
        "primarySegment": "主要环节", "otherSegments": "其他环节", "tierReason": "梯队调整原因",
        "formerNamesHint": "每行一个", "saved": "已保存", "fixErrors": "请修正标出的错误后再保存",
        "chart": "产值、营业收入与研发费用（万元）", "usccOverride": "校验位例外说明",
        "importTitle": "导入企业或年度数据", "importKind": "数据类型", "importEnterprises": "企业名录",
        "importFigures": "年度经营数据", "file": "文件（.xlsx 或 .csv）", "skipInvalid": "跳过有错误的行，只导入正确的行",
        "upload": "开始导入", "templates": "下载空白模板", "progress": "进度", "importDone": "导入完成",
        "importFailed": "导入未执行：文件中有错误，未写入任何数据", "row": "行", "column": "列",
        "inserted": "新增", "updated": "更新", "skipped": "跳过", "rows": "行数", "importRunning": "正在导入……",
        "recentImports": "最近的导入", "fileName": "文件名", "by2": "导入人", "when": "时间",
        "audit": "审计记录", "history": "变更记录", "entity": "对象", "key": "标识", "action": "操作", "changes": "变更内容", "ip": "IP",
        "none": "—", "lang": "English", "langLink": "?lang=en", "dataNote": "数据说明",
    ]

    static let en: [String: String] = [
        "app": "ChainLead", "appLong": "ChainLead · Wuxi \"465\" cluster chain-leader platform",
        "home": "Home", "clusters": "Clusters", "enterprises": "Enterprises", "imports": "Import", "logout": "Log out",
        "login": "Log in", "username": "Username", "password": "Password", "loginFailed": "Wrong username or password",
        "synthetic": "Demo environment: all enterprises and figures here are synthetic and represent no real firm.",
        "taxonomyEditable": "Chains and segments are an editable default (the official \"3010\" list is not public).",
        "clusterCount": "Clusters", "chainCount": "Key chains", "enterpriseCount": "Enterprises", "leaderCount": "Chain leaders",
        "byTier": "By tier", "byDistrict": "By district", "tier": "Tier", "district": "District", "count": "Count",
        "kind": "Kind", "landmark": "Landmark", "advantage": "Advantage", "future": "Future",
        "chains": "Chains", "segments": "Segments", "chief": "Chain chief", "upstream": "Upstream", "midstream": "Midstream",
        "downstream": "Downstream", "noFirms": "No firms yet",
        "search": "Search", "searchHint": "Name, short name, former name or USCC", "all": "All", "filter": "Filter",
        "reset": "Reset", "sort": "Sort", "results": "results", "export": "Export this list", "prev": "Previous", "next": "Next",
        "name": "Name", "shortName": "Short name", "uscc": "USCC", "status": "Status", "chain": "Chain",
        "segment": "Segment", "latestOutput": "Latest output (10k CNY)", "year": "Year", "page": "Page",
        "profile": "Profile", "identity": "Identity", "formerNames": "Former names", "address": "Address", "founded": "Founded",
        "ownership": "Ownership", "contact": "Contact", "phone": "Phone", "email": "E-mail", "statusDate": "Status date",
        "successor": "Successor", "tierHistory": "Tier history", "reason": "Reason", "date": "Date", "by": "By",
        "figures": "Yearly figures", "outputValue": "Output", "revenue": "Revenue", "rdExpense": "R&D expense",
        "employees": "Employees", "taxPaid": "Tax paid", "exports": "Exports", "totalAssets": "Total assets",
        "totalLiabilities": "Total liabilities", "mainBusinessRevenue": "Main business revenue", "source": "Source",
        "rdIntensity": "R&D intensity", "debtRatio": "Debt ratio", "outputGrowth": "Output growth", "outputCagr2y": "2-year CAGR",
        "unitWan": "Unit: 10,000 CNY", "unknown": "unknown", "edit": "Edit", "save": "Save", "cancel": "Cancel",
        "primarySegment": "Primary segment", "otherSegments": "Other segments", "tierReason": "Reason for the tier change",
        "formerNamesHint": "one per line", "saved": "Saved", "fixErrors": "Please fix the marked errors and save again",
        "chart": "Output, revenue and R&D (10k CNY)", "usccOverride": "Check-character exception",
        "importTitle": "Import enterprises or yearly figures", "importKind": "Data", "importEnterprises": "Enterprise list",
        "importFigures": "Yearly figures", "file": "File (.xlsx or .csv)", "skipInvalid": "Skip bad rows and import the good ones",
        "upload": "Import", "templates": "Blank templates", "progress": "Progress", "importDone": "Import finished",
        "importFailed": "Nothing imported: the file has errors and nothing was written", "row": "Row", "column": "Column",
        "inserted": "Added", "updated": "Updated", "skipped": "Skipped", "rows": "Rows", "importRunning": "Importing…",
        "recentImports": "Recent imports", "fileName": "File", "by2": "By", "when": "When",
        "audit": "Audit trail", "history": "Change history", "entity": "Entity", "key": "Key", "action": "Action", "changes": "Changes", "ip": "IP",
        "none": "—", "lang": "中文", "langLink": "?lang=zh", "dataNote": "About the data",
    ]
}
