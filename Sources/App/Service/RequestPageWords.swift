import ChainLeadCore
import Vapor

/// What the request page says about actions: their names in the history, and the line shown
/// after the redirect that follows one.
extension RequestPages {
    static let actionNames: [String: String] = [
        "file": "提交", "assign": "交办", "accept": "受理", "start": "开始办理", "answer": "答复", "return": "退回", "reroute": "改派",
        "confirm": "评价", "close": "办结", "contribute": "协办意见", "escalate": "超期督办", "meeting": "专题会商",
    ]

    /// The line above a request after the redirect that follows filing, an action or an upload.
    static func done(_ req: Request, status: RequestStatus) -> String? {
        if req.queryValue("filed") != nil { return req.texts["requestFiled"] }
        guard let done = req.queryValue("done") else { return nil }
        if done == "attach" { return req.texts["attached"] }
        return actionNames[done].map { "\($0)：\(status.nameZh)" }
    }
}
