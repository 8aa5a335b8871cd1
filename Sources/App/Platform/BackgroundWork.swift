import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Work a request starts that runs on after its response (an import uploaded on the page): held
/// here so that shutdown awaits it — within `CHAINLEAD_SHUTDOWN_TIMEOUT_SECONDS` — before the
/// database goes away, instead of cutting it off mid-write.
final class BackgroundWork: Sendable {
    private let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    func run(_ body: @escaping @Sendable () async -> Void) {
        let id = UUID()
        // Started and filed under the lock, so the task cannot remove itself before it is filed.
        tasks.withLockedValue { all in
            all[id] = Task {
                await body()
                _ = self.tasks.withLockedValue { $0.removeValue(forKey: id) }
            }
        }
    }

    var running: Int { tasks.withLockedValue { $0.count } }

    /// Waits for what runs now, or until `timeout`.
    func finish(timeout: TimeInterval) async {
        let all = tasks.withLockedValue { Array($0.values) }
        guard !all.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for task in all { await task.value }
            }
            group.addTask { try? await Task.sleep(for: .seconds(timeout)) }
            await group.next()
            group.cancelAll()
        }
    }

    struct Shutdown: LifecycleHandler {
        func shutdown(_ application: Application) {}

        func shutdownAsync(_ application: Application) async {
            await application.backgroundWork.finish(timeout: application.chainLead.shutdownTimeout)
        }
    }
}

extension Application {
    struct BackgroundWorkKey: StorageKey { typealias Value = BackgroundWork }

    var backgroundWork: BackgroundWork {
        if let work = storage[BackgroundWorkKey.self] { return work }
        let work = BackgroundWork()
        storage[BackgroundWorkKey.self] = work
        return work
    }
}
