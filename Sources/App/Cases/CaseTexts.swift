/// Achievements, cases, the case book and publicity (Policy S7), merged into `L10n`.
enum CaseTexts {
    static let zh: [String: String] = [
        "cases": "典型案例", "casesTitle": "链主企业典型案例与宣传",
        "casesHint": "企业和工作人员报送创新发展成果和典型案例；市级工作人员审核、修改并遴选入选案例，每年汇编成《重点产业链链主企业创新发展案例汇编》。",
        "csYear": "年度", "csStatus": "状态", "csAll": "全部", "csFilter": "筛选", "csTitle": "案例标题", "csFirm": "企业", "csChain": "产业链",
        "csCategory": "类别", "csPictures": "图片", "csNone": "该年度暂无案例：企业或工作人员可在下方报送。", "csSubmit": "报送案例",
        "csBody": "案例正文（每段一行）", "csFigures": "关键数据（每行一项，如“研发投入占比：8.2%”）", "csFirmUscc": "企业统一社会信用代码",
        "csChainCode": "产业链代码", "csCasebook": "下载案例汇编（.docx）", "csCasebookHint": "汇编该年度全部入选案例：封面、目录、按产业集群分章，附企业关键数据和图片。",
        "csReview": "审核", "csSelect": "入选", "csReject": "不予入选", "csReopen": "重新审核", "csNote": "审核意见", "csEdit": "修改案例",
        "csSave": "保存修改", "csAddPicture": "添加图片（PNG/JPEG，不超过2 MB）", "csCaption": "图片说明", "csUpload": "上传",
        "csKeyFigures": "关键数据", "csValue": "数值", "csFirmFigures": "企业经营数据", "csBack": "返回案例列表", "csReviewNote": "审核意见",
        "pbTitle": "“百名链主”活动与媒体报道", "pbKind": "类型", "pbDate": "日期", "pbLink": "链接", "pbFirms": "涉及企业",
        "pbFirmsHint": "统一社会信用代码，每行一个", "pbRecord": "登记活动或报道", "pbNone": "该年度暂无登记的活动或报道。", "pbNote": "备注",
        "pbEvent": "百名链主活动", "pbMedia": "媒体报道",
    ]

    static let en: [String: String] = [
        "cases": "Cases", "casesTitle": "Chain leaders' cases and publicity",
        "casesHint":
            "Firms and officials submit achievements and cases; city officials review, edit and select them, and each year compile the selected ones into the case book.",
        "csYear": "Year", "csStatus": "Status", "csAll": "All", "csFilter": "Filter", "csTitle": "Title", "csFirm": "Firm",
        "csChain": "Chain",
        "csCategory": "Category", "csPictures": "Pictures",
        "csNone": "No cases for this year yet: firms or officials can submit one below.",
        "csSubmit": "Submit a case", "csBody": "Text (one paragraph a line)",
        "csFigures": "Key figures (one a line, e.g. \"R&D share: 8.2%\")",
        "csFirmUscc": "Firm's USCC", "csChainCode": "Chain code", "csCasebook": "Download the case book (.docx)",
        "csCasebookHint":
            "All selected cases of the year: cover, contents, a chapter per cluster, with the firms' key figures and pictures.",
        "csReview": "Review", "csSelect": "Select", "csReject": "Reject", "csReopen": "Reopen", "csNote": "Review note",
        "csEdit": "Edit the case",
        "csSave": "Save", "csAddPicture": "Add a picture (PNG/JPEG, up to 2 MB)", "csCaption": "Caption", "csUpload": "Upload",
        "csKeyFigures": "Key figures", "csValue": "Value", "csFirmFigures": "Firm's figures", "csBack": "Back to the cases",
        "csReviewNote": "Review note",
        "pbTitle": "\"Hundred chain leaders\" events and media", "pbKind": "Kind", "pbDate": "Date", "pbLink": "Link", "pbFirms": "Firms",
        "pbFirmsHint": "USCCs, one a line", "pbRecord": "Log an event or report", "pbNone": "No events or reports logged for this year.",
        "pbNote": "Note", "pbEvent": "Hundred chain leaders event", "pbMedia": "Media report",
    ]
}
