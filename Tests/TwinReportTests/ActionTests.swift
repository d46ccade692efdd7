import Foundation
import TestSupport
import Testing

/// `action.yml` is valid YAML (PyYAML) for a composite action with the inputs it documents, and
/// the README's workflow calls it with exactly those inputs.
@Suite struct ActionTests {
    /// Reads action.yml and the README's workflow (the YAML block after the `<!-- workflow -->`
    /// marker) and prints a JSON summary of both.
    static func summary() throws -> [String: Any] {
        let output = try PythonScript.run("""
            import json, re, sys, yaml
            root = sys.argv[1]
            action = yaml.safe_load(open(root + "/action.yml"))
            readme = open(root + "/README.md").read()
            block = re.search(r"<!-- workflow -->\\s*```yaml\\n(.*?)```", readme, re.S).group(1)
            workflow = yaml.safe_load(block)
            uses = [step for job in workflow["jobs"].values() for step in job["steps"]
                    if str(step.get("uses", "")).startswith("./") or "twin-preflight" in str(step.get("uses", ""))]
            others = [str(step.get("uses", "")) for job in workflow["jobs"].values() for step in job["steps"]]
            print(json.dumps({
                "runs": action["runs"]["using"],
                "inputs": {name: bool(spec.get("description")) for name, spec in action["inputs"].items()},
                "required": [name for name, spec in action["inputs"].items() if spec.get("required")],
                "steps": [step.get("uses") or step.get("run", "") for step in action["runs"]["steps"]],
                "conditions": [step.get("if", "") for step in action["runs"]["steps"]],
                "calls": [sorted((step.get("with") or {}).keys()) for step in uses],
                "uses": others,
            }))
            """, arguments: [TestPaths.packageRoot.path])
        return try JSONSerialization.jsonObject(with: output) as? [String: Any] ?? [:]
    }

    @Test func actionIsACompositeWithDocumentedInputsThatTheReadmeUses() throws {
        let summary = try Self.summary()
        #expect(summary["runs"] as? String == "composite")
        let inputs = try #require(summary["inputs"] as? [String: Bool])
        #expect(Set(inputs.keys) == ["paths", "report", "format", "output-file", "args", "artifact-name", "deb-url"])
        #expect(inputs.values.allSatisfy { $0 }, "every input has a description")
        #expect(summary["required"] as? [String] == ["paths"])
        let steps = try #require(summary["steps"] as? [String])
        #expect(steps.contains { $0.contains("scripts/setup.sh") })
        #expect(steps.contains { $0.contains("scripts/action-steps.sh\" build") })
        #expect(steps.contains { $0.contains("validate --format \"$TWIN_FORMAT\" --report \"$TWIN_REPORT\"") })
        // The report is uploaded even when twin failed the step before it.
        let conditions = try #require(summary["conditions"] as? [String])
        let upload = try #require(steps.firstIndex { $0.hasPrefix("actions/upload-artifact@") })
        #expect(conditions[upload] == "always()")
        // The README's workflow calls the action with documented inputs only, and uses every one.
        let calls = try #require(summary["calls"] as? [[String]])
        #expect(!calls.isEmpty)
        #expect(calls.allSatisfy { Set($0).isSubset(of: inputs.keys) }, "\(calls)")
        #expect(Set(calls.flatMap { $0 }) == Set(inputs.keys))
        #expect(calls.allSatisfy { $0.contains("paths") })
        let uses = try #require(summary["uses"] as? [String])
        #expect(uses.contains { $0.hasPrefix("actions/upload-artifact@") })
        #expect(uses.contains { $0.hasPrefix("dorny/test-reporter@") })
    }
}
