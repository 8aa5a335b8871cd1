import Foundation

/// A field that failed validation, with the reason in Chinese (the user's language).
public struct FieldError: Error, Equatable, Sendable {
    public var field: String
    public var code: String
    public var message: String

    public init(_ field: String, _ code: String, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// An enterprise as entered (API body, form or spreadsheet row), before it is stored.
public struct EnterpriseDraft: Sendable, Equatable {
    public var uscc: String
    public var name: String
    public var shortName: String?
    public var formerNames: [String] = []
    public var district: String
    public var address: String?
    /// What the firm makes (主要产品), free text: matchmaking reads it.
    public var mainProducts: String?
    public var founded: String?
    public var ownership: Ownership?
    public var contactPerson: String?
    public var contactPhone: String?
    public var contactEmail: String?
    public var status: EnterpriseStatus = .active
    public var statusDate: String?
    public var successorUscc: String?
    public var tier: Tier = .none
    public var segments: [String] = []
    public var usccOverrideReason: String?
    /// The year the firm became an above-designated-size industrial firm (规上), if it is one (Policy S2 eligibility).
    public var aboveScaleYear: Int?

    public init(uscc: String, name: String, district: String) {
        self.uscc = uscc
        self.name = name
        self.district = district
    }

    public static let limits = (
        name: 200, shortName: 50, address: 300, mainProducts: 500, person: 50, phone: 30, email: 200,
        formerNames: 20, segments: 50, reason: 500
    )

    /// Trims text fields, upper-cases codes, turns empty optionals into nil.
    public mutating func normalise() {
        uscc = uscc.trimmingWhitespace().uppercased()
        name = name.trimmingWhitespace()
        shortName = shortName.nonEmptyTrimmed
        formerNames = formerNames.map { $0.trimmingWhitespace() }
        district = district.trimmingWhitespace()
        address = address.nonEmptyTrimmed
        mainProducts = mainProducts.nonEmptyTrimmed
        founded = founded.nonEmptyTrimmed
        contactPerson = contactPerson.nonEmptyTrimmed
        contactPhone = contactPhone.nonEmptyTrimmed
        contactEmail = contactEmail.nonEmptyTrimmed
        statusDate = statusDate.nonEmptyTrimmed
        successorUscc = successorUscc.nonEmptyTrimmed?.uppercased()
        segments = segments.map { $0.trimmingWhitespace() }
        usccOverrideReason = usccOverrideReason.nonEmptyTrimmed
    }

    /// Every rule that needs no database. Segment codes are checked against the taxonomy
    /// by the caller.
    public func validate(today: SimpleDate = .today()) -> [FieldError] {
        var errors: [FieldError] = []
        switch USCC.validate(uscc) {
        case .success: break
        case .failure(let e):
            // Some real pre-2016 codes fail the check character: an administrator may accept
            // them with a recorded reason.
            if case .checksumMismatch = e, usccOverrideReason != nil {
                break
            }
            errors.append(FieldError("uscc", e.code, e.messageZh))
        }
        if let reason = usccOverrideReason, reason.unicodeScalars.count > Self.limits.reason {
            errors.append(FieldError("usccOverrideReason", "too_long", "说明不能超过\(Self.limits.reason)个字符"))
        }
        if name.isEmpty {
            errors.append(FieldError("name", "required", "企业名称不能为空"))
        } else if name.unicodeScalars.count > Self.limits.name {
            errors.append(FieldError("name", "too_long", "企业名称不能超过\(Self.limits.name)个字符"))
        }
        check(shortName, "shortName", "简称", Self.limits.shortName, into: &errors)
        check(address, "address", "地址", Self.limits.address, into: &errors)
        check(mainProducts, "mainProducts", "主要产品", Self.limits.mainProducts, into: &errors)
        check(contactPerson, "contact.person", "联系人", Self.limits.person, into: &errors)
        if formerNames.count > Self.limits.formerNames {
            errors.append(FieldError("formerNames", "too_many", "曾用名最多\(Self.limits.formerNames)个"))
        }
        for n in formerNames where n.isEmpty || n.unicodeScalars.count > Self.limits.name {
            errors.append(FieldError("formerNames", "invalid", "曾用名不能为空且不能超过\(Self.limits.name)个字符"))
            break
        }
        if District.named(code: district) == nil {
            errors.append(FieldError("district", "unknown_district", "区县代码“\(district)”不在本市区县列表中"))
        }
        if let founded {
            if let date = SimpleDate(iso: founded) {
                if date.year < 1800 || date > today {
                    errors.append(FieldError("founded", "out_of_range", "成立日期应在1800年之后且不晚于今天"))
                }
            } else {
                errors.append(FieldError("founded", "invalid_date", "成立日期格式应为 YYYY-MM-DD"))
            }
        }
        if let statusDate {
            if let date = SimpleDate(iso: statusDate) {
                if !(1949...2100).contains(date.year) {
                    errors.append(FieldError("statusDate", "out_of_range", "状态变更日期年份应在1949至2100之间"))
                }
            } else {
                errors.append(FieldError("statusDate", "invalid_date", "状态变更日期格式应为 YYYY-MM-DD"))
            }
        }
        if let phone = contactPhone {
            let allowed = Set("0123456789+-() ")
            if phone.unicodeScalars.count > Self.limits.phone || !phone.allSatisfy({ allowed.contains($0) }) {
                errors.append(FieldError("contact.phone", "invalid_phone", "联系电话只能包含数字、空格和 + - ( )，且不超过\(Self.limits.phone)位"))
            }
        }
        if let email = contactEmail, !Self.looksLikeEmail(email) {
            errors.append(FieldError("contact.email", "invalid_email", "电子邮箱格式不正确"))
        }
        if let successor = successorUscc {
            if case .failure(let e) = USCC.checkFormat(successor) {
                errors.append(FieldError("successorUscc", e.code, "承继企业" + e.messageZh))
            } else if successor == uscc {
                errors.append(FieldError("successorUscc", "self_successor", "承继企业不能是企业本身"))
            }
        }
        if let y = aboveScaleYear, !(1949...today.year).contains(y) {
            errors.append(FieldError("aboveScaleYear", "out_of_range", "规上年度应在1949年至今年之间"))
        }
        if successorUscc != nil && status != .merged {
            errors.append(FieldError("successorUscc", "not_merged", "只有“被合并”状态的企业才有承继企业"))
        }
        if segments.count > Self.limits.segments {
            errors.append(FieldError("segments", "too_many", "所属环节最多\(Self.limits.segments)个"))
        } else if Set(segments).count != segments.count {
            errors.append(FieldError("segments", "duplicate", "所属环节有重复"))
        }
        return errors
    }

    static func looksLikeEmail(_ s: String) -> Bool {
        guard s.unicodeScalars.count <= limits.email, !s.contains(where: { $0.isWhitespace }) else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }

    private func check(_ value: String?, _ field: String, _ label: String, _ limit: Int, into errors: inout [FieldError]) {
        if let value, value.unicodeScalars.count > limit {
            errors.append(FieldError(field, "too_long", "\(label)不能超过\(limit)个字符"))
        }
    }
}

extension Optional where Wrapped == String {
    var nonEmptyTrimmed: String? {
        guard let s = self?.trimmingWhitespace(), !s.isEmpty else { return nil }
        return s
    }
}
