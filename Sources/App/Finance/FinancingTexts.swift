/// Financing needs, banks' answers, talent, quotas and the green channel (Policy S5), merged into `L10n`.
enum FinancingTexts {
    static let zh: [String: String] = [
        "finance": "融资对接", "financeTitle": "融资对接",
        "financeHint": "按季度征集融资白名单企业和受邀企业的融资需求，推荐给银行；银行在本系统内答复，全程可查。名单见",
        "finRounds": "征集批次", "finOpenUntil": "征集截止", "finNeedsCount": "需求数", "roundOpen": "征集中", "roundClosed": "已截止",
        "finNoRounds": "尚未开启融资需求征集。", "finOpenRound": "开启本季度征集", "finInvited": "另行邀请的企业",
        "finInvitedHint": "统一社会信用代码，每行一个", "finRoundNeeds": "融资需求", "finExport": "导出本批次（Excel）",
        "finFileNeed": "填报融资需求", "finEnterprise": "企业", "finAmountWan": "融资需求（万元）", "finTermMonths": "期限（月）",
        "finUrgency": "紧急程度", "finUrgencyNormal": "一般", "finUrgencyUrgent": "紧急", "finPurpose": "用途",
        "finCollateral": "担保方式", "finProducts": "意向产品", "finContactPerson": "联系人", "finContactPhone": "联系电话",
        "finAnswers": "银行反馈", "finRecommend": "推荐给银行", "finNoNeeds": "本批次暂无可见的融资需求。",
        "finAddressed": "推荐给本行的融资需求", "finAnswer": "答复", "finContacted": "已对接", "finApproved": "已授信",
        "finDeclined": "未获授信", "finApprovedWan": "授信金额（万元）", "finRateBand": "利率区间", "finReason": "说明",
        "finSubmitAnswer": "提交答复", "finNoAddressed": "本批次暂无推荐给本行的需求。", "finFigures": "对接成效",
        "finApprovedCount": "授信笔数", "finDeclinedCount": "未获授信笔数", "finDays": "平均首次答复（天）", "finReasons": "未获授信原因",
        "finBanks": "金融机构名录", "finBankName": "银行名称", "finBankBranch": "部门/支行", "finRegisterBank": "登记金融机构",
        "finance_done_round": "已开启征集。", "finance_done_need": "融资需求已提交。", "finance_done_recommend": "已推荐给所选银行。",
        "finance_done_answer": "答复已提交。", "finance_done_bank": "金融机构已登记。",
    ]

    static let en: [String: String] = [
        "finance": "Financing", "financeTitle": "Financing",
        "financeHint":
            "Financing needs of whitelisted and invited firms are collected per quarter and recommended to banks, which answer here. The list:",
        "finRounds": "Rounds", "finOpenUntil": "Open until", "finNeedsCount": "Needs", "roundOpen": "Open", "roundClosed": "Closed",
        "finNoRounds": "No collection round yet.", "finOpenRound": "Open this quarter's round", "finInvited": "Also invited",
        "finInvitedHint": "USCCs, one per line", "finRoundNeeds": "financing needs", "finExport": "Export the round (Excel)",
        "finFileNeed": "File a financing need", "finEnterprise": "Firm", "finAmountWan": "Amount (10k yuan)",
        "finTermMonths": "Term (months)",
        "finUrgency": "Urgency", "finUrgencyNormal": "Normal", "finUrgencyUrgent": "Urgent", "finPurpose": "Purpose",
        "finCollateral": "Collateral", "finProducts": "Products wanted", "finContactPerson": "Contact", "finContactPhone": "Phone",
        "finAnswers": "Banks' answers", "finRecommend": "Recommend", "finNoNeeds": "No need you may see in this round.",
        "finAddressed": "Needs recommended to us", "finAnswer": "Answer", "finContacted": "Contacted", "finApproved": "Approved",
        "finDeclined": "Declined", "finApprovedWan": "Approved (10k yuan)", "finRateBand": "Rate band", "finReason": "Note",
        "finSubmitAnswer": "Answer", "finNoAddressed": "Nothing recommended to us in this round.", "finFigures": "Figures",
        "finApprovedCount": "Approved", "finDeclinedCount": "Declined", "finDays": "Mean days to first answer",
        "finReasons": "Decline reasons",
        "finBanks": "Banks", "finBankName": "Bank", "finBankBranch": "Branch / unit", "finRegisterBank": "Register a bank",
        "finance_done_round": "Round opened.", "finance_done_need": "Need filed.", "finance_done_recommend": "Recommended.",
        "finance_done_answer": "Answer recorded.", "finance_done_bank": "Bank registered.",
    ]
}
