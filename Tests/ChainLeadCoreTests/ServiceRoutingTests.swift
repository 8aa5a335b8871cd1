import Testing

@testable import ChainLeadCore

@Suite(.tags(.s6)) struct ServiceRoutingTests {
    /// Policy S6: the default routing, as agreed with the departments.
    static let expected: [(RequestCategory, String, [String])] = [
        (.power, "国网无锡供电公司", []),
        (.finance, "市委金融办", ["市财政局"]),
        (.fund, "市财政局", ["市委金融办"]),
        (.land, "市自然资源规划局", []),
        (.environment, "市生态环境局", []),
        (.talent, "市委组织部", ["市人力资源社会保障局"]),
        (.labour, "市人力资源社会保障局", []),
        (.safety, "市应急局", []),
        (.fire, "市应急局", []),
        (.project, "市发展改革委", []),
        (.supply, "市工业和信息化局", []),
        (.policy, "市工业和信息化局", []),
        (.other, "市工业和信息化局", []),
        (.infosec, "市数据局", []),
    ]

    @Test func defaultTableRoutesEveryCategory() {
        #expect(Set(Self.expected.map(\.0)) == Set(RequestCategory.allCases))
        for (category, lead, co) in Self.expected {
            #expect(RoutingTable.default.route(category) == Routing(lead: lead, co: co), "\(category)")
        }
    }

    @Test func everyRoutedDepartmentIsOneThePolicyNames() {
        for category in RequestCategory.allCases {
            let routing = RoutingTable.default.route(category)
            for name in [routing.lead] + routing.co {
                #expect(Department.all.contains(name), "\(category): \(name)")
            }
        }
        #expect(Department.all.count == 16)
        #expect(Set(Department.all).count == 16)
    }

    @Test func editedTableKeepsDefaultsForCategoriesLeftOut() {
        let table = RoutingTable([.policy: Routing(lead: Department.developmentReform, co: [Department.scienceTechnology])])
        #expect(table.route(.policy).lead == "市发展改革委")
        #expect(table.route(.policy).co == ["市科技局"])
        #expect(table.route(.power) == RoutingTable.default.route(.power))
        #expect(table != RoutingTable.default)
    }

    @Test func categoriesHaveChineseNames() {
        #expect(RequestCategory.supply.nameZh == "产业协作配套")
        #expect(RequestCategory.infosec.nameZh == "信息安全")
        #expect(Set(RequestCategory.allCases.map(\.nameZh)).count == RequestCategory.allCases.count)
        #expect(RequestCategory(rawValue: "labour") == .labour)
    }
}
