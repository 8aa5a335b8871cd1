import Foundation
import OfficeFormats

extension ExportStamp {
    /// The current caller, now.
    static var current: ExportStamp {
        ExportStamp(by: RequestContext.current.username ?? "unknown", at: Date.nowSeconds())
    }
}
