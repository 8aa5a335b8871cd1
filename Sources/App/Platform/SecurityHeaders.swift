import Vapor

/// Headers every answer carries: no framing, no MIME sniffing, no referrer beyond this site, and
/// a Content-Security-Policy that lets pages load only the app's own scripts, styles and images
/// (no inline script, handler or style); cookies are `Secure` whenever the request came over HTTPS.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        if request.isHTTPS {
            for (name, var cookie) in response.cookies.all where !cookie.isSecure {
                cookie.isSecure = true
                response.cookies[name] = cookie
            }
        }
        return response
    }
}
