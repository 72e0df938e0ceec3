@testable import SectionsStage
import Testing

@Suite struct BylineRolesTests {
    /// `startsWithRole` turns away lines by their first scalar before it walks the role words:
    /// every role word must still be found.
    @Test func everyRoleWordIsFound() {
        for role in Bylines.roleScalars {
            #expect(Bylines.startsWithRole(role + Array(" 范玉贤".unicodeScalars)) == role.count)
        }
        #expect(Bylines.startsWithRole(Array("范玉贤".unicodeScalars)) == nil)
        #expect(Bylines.startsWithRole([Unicode.Scalar]()) == nil)
    }
}
