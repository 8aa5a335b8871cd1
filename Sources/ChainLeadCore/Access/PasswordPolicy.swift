// Password policy (MLPS practice): at least 10 characters of at least 3 kinds
// (lower case, upper case, digits, other characters).

public enum PasswordPolicy {
    public static let minimumLength = 10

    /// nil when acceptable, else the reason in Chinese.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "密码至少\(minimumLength)个字符" }
        var kinds = 0
        if password.contains(where: { $0.isASCII && $0.isLowercase }) { kinds += 1 }
        if password.contains(where: { $0.isASCII && $0.isUppercase }) { kinds += 1 }
        if password.contains(where: { $0.isASCII && $0.isNumber }) { kinds += 1 }
        if password.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) { kinds += 1 }
        return kinds >= 3 ? nil : "密码须包含大写字母、小写字母、数字、其他字符中的至少三类"
    }
}
