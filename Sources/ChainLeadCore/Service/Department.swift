// The departments named by the policy (the routing table for requests and tasks).
// A department is identified by its plain Chinese name, as in `Scope.department`.

public enum Department {
    public static let organisation = "市委组织部"
    public static let financeOffice = "市委金融办"
    public static let publicity = "市委宣传部"
    public static let developmentReform = "市发展改革委"
    public static let scienceTechnology = "市科技局"
    public static let industryIT = "市工业和信息化局"
    public static let transport = "市交通运输局"
    public static let financeBureau = "市财政局"
    public static let humanResources = "市人力资源社会保障局"
    public static let naturalResources = "市自然资源规划局"
    public static let ecoEnvironment = "市生态环境局"
    public static let municipalGardens = "市市政园林局"
    public static let stateAssets = "市国资委"
    public static let data = "市数据局"
    public static let emergency = "市应急局"
    public static let powerSupply = "国网无锡供电公司"

    /// In the policy's order. District governments and 无锡经开区管委会 are also named by the
    /// policy; they come from `District`, not from this list.
    public static let all: [String] = [
        organisation, financeOffice, publicity, developmentReform, scienceTechnology, industryIT,
        transport, financeBureau, humanResources, naturalResources, ecoEnvironment, municipalGardens,
        stateAssets, data, emergency, powerSupply,
    ]
}
