import Foundation
import OfficeFormats

extension ExportStamp {
    /// Exported by `caller`, now.
    init(_ caller: Caller) {
        self.init(by: caller.username ?? "unknown", at: Date.nowSeconds())
    }
}
