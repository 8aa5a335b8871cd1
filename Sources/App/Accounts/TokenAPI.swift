import ChainLeadAPI
import ChainLeadCore
import Foundation
import SQLKit

extension APIHandler {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else { throw DomainError.malformed() }
        let username = body.username.trimmingCharacters(in: .whitespaces)
        guard !username.isEmpty, username.unicodeScalars.count <= 100 else { throw DomainError.invalid("username", "用户名不能为空且不超过100个字符") }
        guard !body.password.isEmpty, body.password.unicodeScalars.count <= 200 else {
            throw DomainError.invalid("password", "密码不能为空且不超过200个字符")
        }
        let ip = caller.clientIP ?? "unknown"
        let throttle = LoginThrottle(db: sql)
        let attempt = try await throttle.begin(username: username, ip: ip)
        guard let userID = try await UserStore(db: sql).verify(username: username, password: body.password) else {
            // Same answer for an unknown user and a wrong password; the attempt stays as a failure.
            throw DomainError(.unauthenticated, "invalid_credentials", "用户名或密码错误")
        }
        try await throttle.cleared(attempt)
        if try await UserStore(db: sql).mustChangePassword(userID) {
            throw DomainError(.forbidden, "password_change_required", "首次登录或密码已重置：请先通过 POST /api/v1/auth/password 修改密码", field: "password")
        }
        let issued = try await TokenStore(db: sql, lifetime: app.chainLead.tokenLifetime).issue(for: userID, now: Date.nowSeconds())
        return .ok(.init(body: .json(.init(token: issued.token, expiresAt: issued.expiresAt))))
    }
}
