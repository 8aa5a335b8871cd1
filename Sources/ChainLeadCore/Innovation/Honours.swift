// Honours and innovation results (Policy L1, L4, S3, S4, G3, G4): national single champions,
// "little giants", top-500 lists, innovation platforms… Each kind is reference data with a level
// and a validity; a grant is first-time when the firm never held the kind before (per product for
// product-level kinds) — what G3 counts and what rewards without application (免申即享) pay.

public enum HonourLevel: String, Sendable, CaseIterable, Codable {
    case national, provincial, city

    public var nameZh: String {
        switch self {
        case .national: "国家级"
        case .provincial: "省级"
        case .city: "市级"
        }
    }
}

public struct HonourKind: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var level: HonourLevel
    /// Years a grant is valid (single champion: 3); nil: without end.
    public var validityYears: Int?
    /// Granted per product (单项冠军产品): first-time is judged per product.
    public var perProduct: Bool
    /// A grant after an earlier one lapsed counts as first-time again (rarely: the kind's rule).
    public var firstAfterLapse: Bool

    public init(
        code: String, name: String, nameEn: String, level: HonourLevel, validityYears: Int?, perProduct: Bool = false,
        firstAfterLapse: Bool = false
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.level = level
        self.validityYears = validityYears
        self.perProduct = perProduct
        self.firstAfterLapse = firstAfterLapse
    }
}

/// One grant as first-time detection sees it.
public struct HonourGrant: Sendable, Equatable {
    public var kind: String
    public var product: String?
    public var year: Int
    /// The last day it is valid (nil: from the kind's validity, or without end).
    public var validUntil: SimpleDate?

    public init(kind: String, product: String? = nil, year: Int, validUntil: SimpleDate? = nil) {
        self.kind = kind
        self.product = product
        self.year = year
        self.validUntil = validUntil
    }

    /// Product names compared without spaces and case: "高端 轴承" is "高端轴承".
    public var productKey: String {
        String((product ?? "").lowercased().unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// The last day it is valid: as recorded, else the end of its year plus the validity.
    public func lastDay(_ kind: HonourKind) -> SimpleDate? {
        if let validUntil { return validUntil }
        guard let years = kind.validityYears, (1...100).contains(years), (1...9999).contains(year) else { return nil }
        return SimpleDate(year: year + years - 1, month: 12, day: 31)
    }
}

public enum FirstTime {
    /// First-time: no grant of this kind (this product, for product-level kinds) in an earlier
    /// year; for kinds whose rule says so, also when every earlier one had lapsed before this year.
    public static func isFirstTime(_ new: HonourGrant, held: [HonourGrant], kind: HonourKind) -> Bool {
        let earlier = held.filter {
            $0.kind == new.kind && $0.year < new.year && (!kind.perProduct || $0.productKey == new.productKey)
        }
        if earlier.isEmpty { return true }
        guard kind.firstAfterLapse else { return false }
        guard let start = SimpleDate(year: new.year, month: 1, day: 1) else { return false }
        return earlier.allSatisfy { e in e.lastDay(kind).map { $0 < start } ?? false }
    }
}

/// A reward without application (免申即享, Policy S4): found when a first-time honour is recorded,
/// then confirmed, published, paid — or withdrawn with a reason.
public enum RewardStatus: String, Sendable, CaseIterable, Codable {
    case pending, confirmed, noticed, paid, withdrawn

    public var nameZh: String {
        switch self {
        case .pending: "待确认"
        case .confirmed: "已确认"
        case .noticed: "已公示"
        case .paid: "已兑现"
        case .withdrawn: "已撤回"
        }
    }

    public func canMove(to next: RewardStatus) -> Bool {
        switch (self, next) {
        case (.pending, .confirmed), (.confirmed, .noticed), (.noticed, .paid): true
        case (.pending, .withdrawn), (.confirmed, .withdrawn), (.noticed, .withdrawn): true
        default: false
        }
    }
}

extension HonourKind {
    /// The kinds seeded at install (editable afterwards): the lists the policy names.
    public static let defaults: [HonourKind] = [
        .init(
            code: "single-champion", name: "国家级制造业单项冠军企业", nameEn: "National manufacturing single champion (enterprise)", level: .national,
            validityYears: 3),
        .init(
            code: "single-champion-product", name: "国家级制造业单项冠军产品", nameEn: "National manufacturing single champion (product)",
            level: .national,
            validityYears: 3, perProduct: true),
        .init(
            code: "little-giant", name: "国家级专精特新“小巨人”企业", nameEn: "National specialised “little giant”", level: .national, validityYears: 3),
        .init(
            code: "specialised-provincial", name: "省级专精特新中小企业", nameEn: "Provincial specialised SME", level: .provincial, validityYears: 3),
        .init(
            code: "fortune-global-500", name: "世界500强", nameEn: "Fortune Global 500", level: .national, validityYears: 1,
            firstAfterLapse: false),
        .init(code: "china-500", name: "中国企业500强", nameEn: "China Top 500 Enterprises", level: .national, validityYears: 1),
        .init(code: "private-500", name: "中国民营企业500强", nameEn: "China Top 500 Private Enterprises", level: .national, validityYears: 1),
        .init(code: "manufacturing-500", name: "中国制造业企业500强", nameEn: "China Top 500 Manufacturers", level: .national, validityYears: 1),
        .init(
            code: "innovation-centre-national", name: "国家制造业创新中心", nameEn: "National manufacturing innovation centre", level: .national,
            validityYears: nil),
        .init(
            code: "innovation-centre-provincial", name: "省级制造业创新中心", nameEn: "Provincial manufacturing innovation centre",
            level: .provincial, validityYears: nil),
        .init(
            code: "innovation-centre-city", name: "市级制造业创新中心", nameEn: "City manufacturing innovation centre", level: .city,
            validityYears: nil),
        .init(
            code: "engineering-centre-national", name: "国家工程研究中心", nameEn: "National engineering research centre", level: .national,
            validityYears: nil),
        .init(
            code: "engineering-centre-provincial", name: "省级工程研究中心", nameEn: "Provincial engineering research centre", level: .provincial,
            validityYears: nil),
        .init(code: "key-lab-national", name: "国家重点实验室", nameEn: "National key laboratory", level: .national, validityYears: nil),
        .init(code: "key-lab-provincial", name: "省级重点实验室", nameEn: "Provincial key laboratory", level: .provincial, validityYears: nil),
        .init(
            code: "tech-centre-national", name: "国家企业技术中心", nameEn: "National enterprise technology centre", level: .national,
            validityYears: nil),
        .init(
            code: "tech-centre-provincial", name: "省级企业技术中心", nameEn: "Provincial enterprise technology centre", level: .provincial,
            validityYears: nil),
        .init(code: "tech-centre-city", name: "市级企业技术中心", nameEn: "City enterprise technology centre", level: .city, validityYears: nil),
        .init(
            code: "smart-demo-national", name: "国家级智能制造示范工厂", nameEn: "National smart-manufacturing demonstration factory",
            level: .national, validityYears: nil),
        .init(
            code: "smart-demo-provincial", name: "省级智能制造示范工厂", nameEn: "Provincial smart-manufacturing demonstration factory",
            level: .provincial, validityYears: nil),
        .init(
            code: "digital-maturity", name: "智能制造能力成熟度（三级及以上）", nameEn: "Smart-manufacturing maturity level 3+", level: .national,
            validityYears: 3),
        .init(
            code: "quality-award-national", name: "中国质量奖（含提名奖）", nameEn: "China Quality Award (incl. nomination)", level: .national,
            validityYears: nil),
        .init(
            code: "quality-award-provincial", name: "省长质量奖", nameEn: "Provincial Governor's Quality Award", level: .provincial,
            validityYears: nil),
        .init(code: "quality-award-city", name: "市长质量奖", nameEn: "Mayor's Quality Award", level: .city, validityYears: nil),
        .init(code: "brand-national", name: "中国品牌价值榜", nameEn: "China brand value list", level: .national, validityYears: 1),
    ]
}
