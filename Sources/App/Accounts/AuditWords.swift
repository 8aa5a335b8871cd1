import ChainLeadCore

/// Audit actions and entities in words (Chinese), for the audit page, the workbench and
/// exports: `denied_importData` reads "无权导入数据". An unknown key shows as it is.
enum AuditWords {
    static let actions: [String: String] = [
        "assign": "分配", "attach": "上传附件", "change_password": "修改密码", "create": "新建", "create_or_grant": "新建或授权",
        "decide": "决定", "declare": "申报利益关系", "demo_load": "载入演示数据", "district_review": "区县初审", "escalate": "升级督办",
        "export_enterprises": "导出企业名录", "export_leads": "导出招商线索", "export_ranking": "导出遴选排名", "export_report": "导出报告",
        "export_requests": "导出诉求", "file": "提交", "import_enterprises": "导入企业", "import_figures": "导入经营数据",
        "import_supply_links": "导入采购关系", "meeting": "专题会商", "propose": "提请审定", "publish": "发布公示", "put": "保存",
        "recognise": "认定链主企业", "reopen": "退回重办", "reset_password": "重置密码", "revoke": "撤销", "score": "评分",
        "set_day": "设置工作日历", "set_grants": "设置角色与范围", "tier": "调整梯队", "update": "修改", "delete": "删除",
        "accept": "受理", "start": "开始办理", "answer": "答复", "return": "退回", "reroute": "改派", "confirm": "确认", "close": "办结",
        "contribute": "协办意见", "reject": "驳回", "disable": "停用账号", "enable": "启用账号", "uphold": "异议成立", "dismiss": "异议不成立",
        "approve": "审定通过", "submit_score": "提交评分", "draft_score": "保存评分草稿", "login": "登录", "logout": "退出",
    ]

    static let verbs: [Action: String] = [
        .read: "查看", .create: "新增", .update: "修改", .export: "导出", .importData: "导入数据", .manageUsers: "管理账号",
        .assignRoles: "分配角色", .readAudit: "查看审计记录", .editTaxonomy: "修改产业链分类",
    ]

    static let entities: [String: String] = [
        "access": "权限", "application": "遴选申报", "assignment": "评审任务", "calendar": "工作日历", "campaign": "遴选批次", "chain": "产业链",
        "enterprise": "企业", "expert": "评审专家", "export": "导出", "figures": "经营数据", "import": "导入", "lead": "招商线索",
        "liaison": "挂钩联系", "meeting": "专题会商", "notice": "公示", "objection": "公示异议", "registry": "企业库", "request": "诉求",
        "review": "复核", "routing": "交办规则", "selection_scheme": "遴选方案", "service_offer": "专项服务清单", "shortlist": "拟认定名单",
        "supplier_match": "供应商匹配", "supply_link": "采购关系", "token": "个人令牌", "user": "账号", "violation": "违法违规记录", "visit": "走访",
    ]

    static func action(_ key: String) -> String {
        if let word = actions[key] { return word }
        if key.hasPrefix("denied_") {
            let rest = String(key.dropFirst(7))
            if let a = Action(rawValue: rest), let verb = verbs[a] { return "无权" + verb }
            return "无权" + (actions[rest] ?? rest)
        }
        return key
    }

    static func entity(_ key: String) -> String { entities[key] ?? key }
}
