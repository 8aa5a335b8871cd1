import ChainLeadAPI
import ChainLeadCore
import Testing

@testable import App

/// Every case of Core's enums that the API answers with exists in the spec (`mirrored`).
@Suite struct APIEnumTests {
    func convertsEveryCase<Source: CaseIterable & RawRepresentable, Target: RawRepresentable>(
        _: Source.Type, to _: Target.Type
    ) throws where Source.RawValue == String, Target.RawValue == String {
        for value in Source.allCases {
            let target: Target = try mirrored(value)
            #expect(target.rawValue == value.rawValue)
        }
    }

    @Test func coreEnumsAndTheSpecsAgree() throws {
        try convertsEveryCase(RequestCategory.self, to: Components.Schemas.RequestCategory.self)
        try convertsEveryCase(RequestStatus.self, to: Components.Schemas.RequestStatus.self)
        try convertsEveryCase(Urgency.self, to: Components.Schemas.ServiceRequest.UrgencyPayload.self)
        try convertsEveryCase(Role.self, to: Components.Schemas.RoleName.self)
        try convertsEveryCase(SupplyCategory.self, to: Components.Schemas.SupplyCategory.self)
        try convertsEveryCase(RateLevel.self, to: Components.Schemas.RateLevel.self)
        try convertsEveryCase(SegmentPosition.self, to: Components.Schemas.Position.self)
        try convertsEveryCase(SegmentStatus.self, to: Components.Schemas.SegmentStatus.self)
        try convertsEveryCase(ImportKind.self, to: Components.Schemas.ImportReport.KindPayload.self)
        try convertsEveryCase(ImportKind.self, to: Components.Schemas.ImportJob.KindPayload.self)
    }

    @Test func aCaseTheSpecLacksIsAnInternalErrorNotACrash() {
        #expect(throws: DomainError.self) { let _: Components.Schemas.RequestCategory = try mirrored(Role.admin) }
    }
}
