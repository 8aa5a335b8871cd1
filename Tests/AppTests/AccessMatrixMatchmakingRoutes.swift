import ChainLeadCore
import Foundation
import Vapor

@testable import App

/// The access table's matchmaking routes (Policy L1, L3). Writes name the matrix firm as buyer
/// or supplier with a segment that does not exist (422 when allowed), or rows that do not exist
/// (404 when allowed).
extension AccessMatrixTests {
    static let lists = Resource.matchmaking(.lists)
    static let labLists = Resource.labs(.lists)
    static let events = Resource.matchmaking(.events)
    static let whitelists = Resource.finance(.whitelists)

    static let matchmakingRoutes: [Route] = [
        Route(method: .GET, pattern: "/api/v1/demands", path: "/api/v1/demands?status=open", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/api/v1/demands", path: "/api/v1/demands",
            body: #"{"buyer":"\#(firm)","title":"x","description":"x","segment":"no-such"}"#,
            need: .policy(.create, .matchmaking(.demand(buyer: firm, chains: [])))),
        Route(method: .GET, pattern: "/api/v1/demands/:id", path: "/api/v1/demands/999", need: .policy(.read, lists)),
        Route(
            method: .GET, pattern: "/api/v1/demands/:id/candidates", path: "/api/v1/demands/999/candidates", need: .policy(.read, lists)),
        Route(method: .GET, pattern: "/api/v1/demand-suggestions", path: "/api/v1/demand-suggestions", need: .policy(.read, lists)),
        Route(method: .GET, pattern: "/api/v1/offers", path: "/api/v1/offers", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/api/v1/offers", path: "/api/v1/offers",
            body: #"{"enterprise":"\#(firm)","title":"x","description":"x","segments":["no-such"]}"#,
            need: .policy(.create, .matchmaking(.offer(enterprise: firm)))),
        Route(method: .GET, pattern: "/api/v1/matches", path: "/api/v1/matches", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/api/v1/matches", path: "/api/v1/matches", body: #"{"demand":999,"supplier":"\#(firm)"}"#,
            need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/api/v1/matches/:id/moves", path: "/api/v1/matches/999/moves", body: #"{"to":"contacted"}"#,
            need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/api/v1/matches/:id/rating", path: "/api/v1/matches/999/rating", body: #"{"score":5}"#,
            need: .policy(.read, lists)),
        Route(method: .GET, pattern: "/api/v1/matchmaking/figures", path: "/api/v1/matchmaking/figures", need: .policy(.read, lists)),
        Route(method: .GET, pattern: "/matchmaking", path: "/matchmaking", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/demands", path: "/demands", body: "buyer=\(firm)&title=x&description=x&segment=no-such",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .matchmaking(.demand(buyer: firm, chains: [])))),
        Route(
            method: .POST, pattern: "/offers", path: "/offers", body: "enterprise=\(firm)&title=x&description=x&segments[]=no-such",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .matchmaking(.offer(enterprise: firm)))),
        Route(method: .GET, pattern: "/demands/:id", path: "/demands/999", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/matches", path: "/matches", body: "demand=999&supplier=\(firm)",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/matches/:id/moves", path: "/matches/999/moves", body: "to=contacted",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, lists)),
        Route(
            method: .POST, pattern: "/matches/:id/rating", path: "/matches/999/rating", body: "score=5",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, lists)),
        Route(method: .GET, pattern: "/api/v1/labs", path: "/api/v1/labs", need: .policy(.read, labLists)),
        Route(
            method: .POST, pattern: "/api/v1/labs", path: "/api/v1/labs",
            body: #"{"owner":"\#(firm)","name":" ","kind":"testing","capability":"x"}"#, need: .policy(.create, .labs(.lab(owner: firm)))),
        Route(method: .GET, pattern: "/api/v1/lab-bookings", path: "/api/v1/lab-bookings", need: .policy(.read, labLists)),
        Route(
            method: .POST, pattern: "/api/v1/lab-bookings", path: "/api/v1/lab-bookings",
            body: #"{"lab":999,"requester":"\#(firm)","from":"2027-01-04","to":"2027-01-05","purpose":"x"}"#, need: .policy(.read, labLists)
        ),
        Route(
            method: .POST, pattern: "/api/v1/lab-bookings/:id/moves", path: "/api/v1/lab-bookings/999/moves", body: #"{"to":"approved"}"#,
            need: .policy(.read, labLists)),
        Route(method: .GET, pattern: "/labs", path: "/labs", need: .policy(.read, labLists)),
        Route(
            method: .POST, pattern: "/labs", path: "/labs", body: "owner=\(firm)&name=&kind=testing&capability=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .labs(.lab(owner: firm)))),
        Route(
            method: .POST, pattern: "/lab-bookings", path: "/lab-bookings",
            body: "lab=999&requester=\(firm)&from=2027-01-04&to=2027-01-05&purpose=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, labLists)),
        Route(
            method: .POST, pattern: "/lab-bookings/:id/moves", path: "/lab-bookings/999/moves", body: "to=approved",
            contentType: "application/x-www-form-urlencoded", need: .policy(.read, labLists)),
        Route(method: .GET, pattern: "/api/v1/events", path: "/api/v1/events", need: .policy(.read, events)),
        Route(
            method: .POST, pattern: "/api/v1/events", path: "/api/v1/events",
            body: #"{"title":"x","chains":["no-such"],"date":"2027-03-01","place":"x","host":"x"}"#, need: .policy(.create, events)),
        Route(method: .GET, pattern: "/api/v1/events/:id", path: "/api/v1/events/999", need: .policy(.read, events)),
        Route(
            method: .POST, pattern: "/api/v1/events/:id/invitations", path: "/api/v1/events/999/invitations", body: "{}",
            need: .policy(.update, events)),
        Route(
            method: .POST, pattern: "/api/v1/events/:id/registrations", path: "/api/v1/events/999/registrations",
            body: #"{"enterprise":"\#(firm)"}"#, need: .policy(.create, .matchmaking(.registration(enterprise: firm)))),
        Route(
            method: .GET, pattern: "/api/v1/events/:id/registrations.xlsx", path: "/api/v1/events/999/registrations.xlsx",
            need: .policy(.export, events)),
        Route(method: .GET, pattern: "/events", path: "/events", need: .policy(.read, events)),
        Route(
            method: .POST, pattern: "/events", path: "/events", body: "title=x&chains[]=no-such&date=2027-03-01&place=x&host=x",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, events)),
        Route(method: .GET, pattern: "/events/:id", path: "/events/999", need: .policy(.read, events)),
        Route(
            method: .POST, pattern: "/events/:id/invitations", path: "/events/999/invitations", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, events)),
        Route(
            method: .POST, pattern: "/events/:id/registrations", path: "/events/999/registrations", body: "enterprise=\(firm)",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, .matchmaking(.registration(enterprise: firm)))),
        Route(
            method: .GET, pattern: "/events/:id/registrations.xlsx", path: "/events/999/registrations.xlsx", need: .policy(.export, events)),
        Route(
            method: .POST, pattern: "/api/v1/whitelists", path: "/api/v1/whitelists", body: #"{"quarter":"2099Q5"}"#,
            need: .policy(.create, whitelists)),
        Route(method: .GET, pattern: "/api/v1/whitelists/:quarter", path: "/api/v1/whitelists/2099Q4", need: .policy(.read, whitelists)),
        Route(
            method: .PUT, pattern: "/api/v1/whitelists/:quarter/items/:uscc", path: "/api/v1/whitelists/2099Q4/items/\(firm)",
            body: #"{"included":true,"reason":"x"}"#, need: .policy(.update, whitelists)),
        Route(
            method: .POST, pattern: "/api/v1/whitelists/:quarter/publish", path: "/api/v1/whitelists/2099Q4/publish",
            need: .policy(.update, whitelists)),
        Route(method: .GET, pattern: "/whitelists", path: "/whitelists", need: .policy(.read, whitelists)),
        Route(
            method: .POST, pattern: "/whitelists", path: "/whitelists", body: "quarter=2099Q5",
            contentType: "application/x-www-form-urlencoded", need: .policy(.create, whitelists)),
        Route(method: .GET, pattern: "/whitelists/:quarter", path: "/whitelists/2099Q4", need: .policy(.read, whitelists)),
        Route(
            method: .POST, pattern: "/whitelists/:quarter/items/:uscc", path: "/whitelists/2099Q4/items/\(firm)",
            body: "included=true&reason=x", contentType: "application/x-www-form-urlencoded", need: .policy(.update, whitelists)),
        Route(
            method: .POST, pattern: "/whitelists/:quarter/publish", path: "/whitelists/2099Q4/publish", body: "",
            contentType: "application/x-www-form-urlencoded", need: .policy(.update, whitelists)),
    ]
}
