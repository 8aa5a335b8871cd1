// Place names that often lead a firm's name: provinces, Jiangsu's cities, Wuxi's districts and
// a few big cities. Written without 省/市/区; `SupplierName` drops one such level after a match.

enum PlaceNames {
    static let provinces = [
        "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
        "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
        "台湾", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
        "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
    ]
    static let jiangsuCities = [
        "南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁",
    ]
    static let wuxiDistricts = ["江阴", "宜兴", "梁溪", "锡山", "惠山", "滨湖", "新吴"]
    static let otherCities = [
        "昆山", "常熟", "张家港", "太仓", "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "合肥", "芜湖",
        "广州", "深圳", "东莞", "佛山", "厦门", "福州", "青岛", "济南", "郑州", "武汉", "长沙", "成都", "西安",
    ]

    /// Longest first, so 内蒙古自治区 wins over 内蒙古.
    static let prefixes: [String] = (provinces + jiangsuCities + wuxiDistricts + otherCities)
        .sorted { $0.count > $1.count }
}
