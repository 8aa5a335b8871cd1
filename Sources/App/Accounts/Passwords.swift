import Foundation
import NIOPosix
import Vapor

/// Password hashing (bcrypt) off the event loops: a hash costs tens of milliseconds of CPU, and
/// on an event loop forty parallel logins would stall every other request on it.
enum Passwords {
    /// bcrypt's cost: 10 by default; `CHAINLEAD_BCRYPT_COST` (4–31) sets it, low in tests.
    static let cost: Int = {
        if let v = ProcessInfo.processInfo.environment["CHAINLEAD_BCRYPT_COST"].flatMap(Int.init), (4...31).contains(v) { return v }
        return 10
    }()

    static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// False for a malformed stored hash as for a wrong password.
    static func verify(_ password: String, against hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: hash) }) ?? false
    }

    /// Compared with when the user is unknown, so both answers take alike.
    static let dummyHash = (try? Bcrypt.hash("not-a-real-password", cost: cost)) ?? ""
}
