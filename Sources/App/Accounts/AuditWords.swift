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
        "import_honours": "导入荣誉名单", "move": "办理", "import_projects": "导入项目", "import_standards": "导入标准",
        "import_consortia": "导入创新联合体", "export_honours": "导出荣誉", "export_projects": "导出项目", "export_standards": "导出标准",
        "export_consortia": "导出创新联合体", "rate": "评价", "invite": "邀请企业", "register": "报名", "derive": "生成",
        "export_event": "导出活动报名和成效", "recommend": "推荐给银行", "nominate": "推荐人才", "request_quota": "申请要素指标",
        "step": "设置办理节点", "step_done": "节点办结", "select": "入选", "add_picture": "添加图片", "rectify": "报告整改",
        "retest_pass": "复测通过", "retest_fail": "复测未通过", "log": "记录跟进",
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
        "honour": "荣誉", "reward": "免申即享奖励", "reward_rule": "奖励规则", "consortium": "创新联合体", "project": "项目",
        "standard": "标准", "reward_notice": "免申即享公示", "honour_kind": "荣誉类型", "demand": "采购需求", "offer": "供给能力",
        "match": "供需对接", "lab": "开放平台", "lab_booking": "平台预约", "event": "供需对接活动", "whitelist": "融资白名单",
        "bank": "金融机构", "finance_round": "融资需求征集", "finance_need": "融资需求", "finance_recommendation": "银行推荐",
        "finance_meeting": "政银企对接会", "talent": "人才推荐", "quota": "要素指标", "project_step": "绿色通道节点",
        "infosec_inspection": "信息安全检查", "infosec_finding": "信息安全问题", "infosec_training": "信息安全培训演练",
        "task_report": "责任分工进展", "case": "典型案例", "publicity": "宣传活动与报道",
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

    static let fields: [String: String] = [
        "aboveScaleYear": "规上企业年度", "address": "地址", "amount": "金额", "applyUntil": "申报截止", "buyer": "采购方",
        "campaign": "遴选批次", "candidate": "候选企业", "category": "类别", "chain": "产业链", "chains": "产业链", "chiefName": "链长",
        "chiefTitle": "链长职务", "coDepartments": "协办部门", "comment": "意见", "conflict": "利益冲突", "contact.email": "联系邮箱",
        "contact.person": "联系人", "contact.phone": "联系电话", "decision": "决定", "demands": "需求", "department": "部门",
        "disabled": "停用", "displayName": "姓名", "district": "所在区县", "droppedReason": "放弃原因", "employees": "从业人员",
        "employer": "工作单位", "enterprise": "企业", "enterprises": "企业", "experts": "评审专家", "expiresAt": "有效期至",
        "exports": "出口额", "field": "专业领域", "file": "文件", "filter": "筛选条件", "formerNames": "曾用名", "founded": "成立日期",
        "from": "起", "grants": "角色与范围", "interests": "利益关系", "kind": "类型", "landedUscc": "落地企业", "leadDepartment": "牵头部门",
        "made": "生成数", "mainBusinessRevenue": "主营业务收入", "month": "月份", "name": "名称", "nameEn": "英文名称", "notice": "公示",
        "on": "日期", "oneMatter": "一事一议", "outcome": "结果", "outputValue": "产值", "ownership": "所有制", "pairs": "评审配对",
        "rdExpense": "研发投入", "reason": "理由", "recognition": "链主认定", "refreshed": "已刷新", "requests": "诉求", "revenue": "营业收入",
        "role": "角色", "rows": "行数", "scope": "范围", "score": "评分", "scored": "已评分", "seed": "随机种子", "segment": "环节",
        "segments": "所属环节", "severity": "严重程度", "shortName": "简称", "shortlist": "拟认定名单", "source": "来源", "stage": "阶段",
        "status": "状态", "statusDate": "状态日期", "successorUscc": "承继企业", "supplier": "供应商", "taxPaid": "纳税额", "tier": "梯队",
        "title": "标题", "nextStep": "下一步", "what": "跟进情况", "happenedOn": "跟进日期", "totalAssets": "资产总额", "totalLiabilities": "负债总额",
        "unit": "单位", "until": "截至", "username": "用户名",
        "usccOverrideReason": "统一社会信用代码例外理由", "via": "途径", "visitedOn": "走访日期", "year": "年度",
        "firstTime": "首次获得", "firstTimeOnly": "仅首次", "fromYear": "起始年度", "lead": "牵头企业", "level": "级别",
        "number": "标准号", "validityYears": "有效期（年）", "rewards": "奖励", "demand": "采购需求", "buyer_rating": "采购方评价",
        "supplier_rating": "供应方评价", "mainProducts": "主要产品", "lab": "开放平台", "included": "列入",
        "quarter": "季度", "openUntil": "征集截止", "invited": "受邀企业", "round": "征集批次", "banks": "银行", "person": "人选",
        "programme": "人才计划", "granted": "保障数量", "asked": "申请数量", "targetDate": "目标日期", "doneDate": "办结日期",
        "phase": "阶段", "rules": "规则",
    ]

    /// A changed field in words, "梯队（物联网感知）" for `tier@iot-sensing`; chain codes in values
    /// become names, tiers and statuses their Chinese words.
    static func change(_ key: String, from: String?, to: String?, chains: [String: String]) -> String {
        let parts = key.split(separator: "@", maxSplits: 1).map(String.init)
        let base = parts[0]
        var label = fields[base] ?? base
        if parts.count == 2 { label += "（" + (chains[parts[1]] ?? parts[1]) + "）" }
        func value(_ v: String?) -> String {
            guard let v, !v.isEmpty else { return "—" }
            switch base {
            case "chain", "chains":
                return v.split(separator: ",").map { chains[String($0)] ?? String($0) }.joined(separator: "、")
            case "tier": return Tier(rawValue: v)?.nameZh ?? v
            case "status":
                return RequestStatus(rawValue: v)?.nameZh ?? EnterpriseStatus(rawValue: v)?.nameZh ?? MatchStatus(rawValue: v)?.nameZh
                    ?? BookingStatus(rawValue: v)?.nameZh ?? AnswerStatus(rawValue: v)?.nameZh ?? TalentStatus(rawValue: v)?.nameZh
                    ?? QuotaStatus(rawValue: v)?.nameZh ?? v
            case "ownership": return Ownership(rawValue: v)?.nameZh ?? v
            case "district": return District.named(code: v)?.name ?? v
            case "category": return RequestCategory(rawValue: v)?.nameZh ?? SupplyCategory(rawValue: v)?.nameZh ?? v
            case "disabled", "refreshed", "scored", "oneMatter", "firstTime", "included": return v == "true" ? "是" : v == "false" ? "否" : v
            case "segment": return chains[v] ?? v
            case "segments": return v.split(separator: ",").map { chains[String($0)] ?? String($0) }.joined(separator: "、")
            case "kind": return ProjectKind(rawValue: v)?.nameZh ?? HonourKind.defaults.first { $0.code == v }?.name ?? v
            case "role": return StandardRole(rawValue: v)?.nameZh ?? v
            case "level": return HonourLevel(rawValue: v)?.nameZh ?? StandardLevel(rawValue: v)?.nameZh ?? v
            default: return v
            }
        }
        return from == nil ? "\(label)：\(value(to))" : "\(label)：\(value(from)) → \(value(to))"
    }

    /// Chain codes the changes mention (in `chain`, `chains` and `tier@…`), to name them in one query.
    static func chainCodes(_ changes: [String: AuditLog.Change]) -> Set<String> {
        var out = Set<String>()
        for (k, c) in changes {
            if let at = k.firstIndex(of: "@") { out.insert(String(k[k.index(after: at)...])) }
            if k == "chain" || k == "chains" || k == "segment" || k == "segments" {
                for v in [c.from, c.to].compactMap({ $0 }) { out.formUnion(v.split(separator: ",").map(String.init)) }
            }
        }
        return out
    }
}
