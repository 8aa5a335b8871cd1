import ChainLeadCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How many imports this instance runs at once. Each may hold a file of up to 200 MiB and a
/// workbook inflated to 256 MiB, so a few in parallel bound the memory; beyond the cap a request
/// answers 429 with `Retry-After`, before its body is read.
final class ImportSlots: Sendable {
    let limit: Int
    private let running = NIOLockedValueBox(0)

    init(limit: Int) { self.limit = max(1, limit) }

    /// A slot held until `release()`; 429 when all are taken.
    func acquire() throws -> Slot {
        let taken = running.withLockedValue { n -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        guard taken else {
            throw DomainError(.tooMany, "too_many_imports", "已有\(limit)个导入正在进行，请稍后再试", retryAfter: 30)
        }
        return Slot(owner: self)
    }

    var inUse: Int { running.withLockedValue { $0 } }

    fileprivate func release() { running.withLockedValue { $0 = max(0, $0 - 1) } }

    final class Slot: Sendable {
        private let owner: ImportSlots
        private let released = NIOLockedValueBox(false)
        fileprivate init(owner: ImportSlots) { self.owner = owner }

        /// Idempotent.
        func release() {
            let first = released.withLockedValue { done -> Bool in
                defer { done = true }
                return !done
            }
            if first { owner.release() }
        }
    }
}

extension Application {
    struct ImportSlotsKey: StorageKey { typealias Value = ImportSlots }

    var importSlots: ImportSlots {
        if let slots = storage[ImportSlotsKey.self] { return slots }
        let slots = ImportSlots(limit: chainLead.maxConcurrentImports)
        storage[ImportSlotsKey.self] = slots
        return slots
    }
}
