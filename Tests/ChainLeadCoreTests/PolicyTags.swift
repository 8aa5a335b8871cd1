import Testing

/// The policy's clauses (`../shared/seed/POLICY.md`, `docs/POLICY-MAP.md`), to run the tests of one:
/// `swift test --filter` by suite, or by tag in an IDE.
extension Tag {
    @Tag static var g1: Self
    @Tag static var g2: Self
    @Tag static var g3: Self
    @Tag static var g4: Self
    @Tag static var g5: Self
    @Tag static var l1: Self
    @Tag static var l2: Self
    @Tag static var l3: Self
    @Tag static var l4: Self
    @Tag static var s1: Self
    @Tag static var s2: Self
    @Tag static var s3: Self
    @Tag static var s4: Self
    @Tag static var s5: Self
    @Tag static var s6: Self
    @Tag static var s7: Self
}
