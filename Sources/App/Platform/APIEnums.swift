import ChainLeadCore

/// Core's enums and the spec's generated enums spell their cases the same (the spec lists Core's
/// cases; `APIEnumTests` converts every one). A case the spec lacks is a build mistake, answered
/// as an internal error rather than a crash.
func mirrored<Target: RawRepresentable, Source: RawRepresentable>(_ value: Source, as _: Target.Type = Target.self) throws -> Target
where Target.RawValue == String, Source.RawValue == String {
    guard let target = Target(rawValue: value.rawValue) else { throw DomainError.internal }
    return target
}
