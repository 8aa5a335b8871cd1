import Fluent

/// Every migration in order. One change each; never edited after it lands.
enum AppMigrations {
    static let all: [any Migration] = [
        M001_CreateDistricts(),
        M002_CreateClusters(),
        M003_CreateChains(),
        M004_CreateSegments(),
        M005_CreateEnterprises(),
        M006_CreateMemberships(),
        M007_CreateTierChanges(),
        M008_CreateFigures(),
        M009_CreateUsers(),
        M010_CreateAPITokens(),
        M011_CreateAuditEntries(),
        M012_CreateIndexes(),
        M013_SeedReferenceData(),
        M014_CreateWebSessions(),
        M015_CreateImportJobs(),
        M016_CreateUserGrants(),
        M017_MoveUserRolesToGrants(),
        M018_CreateLoginFailures(),
        M019_AccountLifecycle(),
        M020_CreateSupplyLinks(),
        M021_CreateSupplierMatches(),
        M022_CreateLeads(),
        M023_CreateRequests(),
        M024_CreateServiceSettings(),
        M025_CreateNotifications(),
        M026_CreateLiaisonVisitsMeetings(),
        M027_CreateRequestAttachments(),
        M028_ImportJobOwners(),
        M029_TokenEndings(),
        M030_UserVersions(),
        M031_RequestCoDepartments(),
        M032_DropRequestCoDepartmentsColumn(),
    ]
}
