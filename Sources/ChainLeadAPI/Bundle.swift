import Foundation

/// The contract itself, served at `/api/v1/openapi.yaml`.
public enum ChainLeadAPIResources {
    public static var specURL: URL? { Bundle.module.url(forResource: "openapi", withExtension: "yaml") }
}
