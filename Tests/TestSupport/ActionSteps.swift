import Foundation

/// The steps of `action.yml` (read with PyYAML), so tests can check them and run their shell text here.
public struct ActionSteps: Sendable {
    /// One step: its name, id, condition, `uses`, `run` text and `with` keys and values.
    public struct Step: Sendable, Decodable {
        public let name: String
        public let id: String
        public let condition: String
        public let uses: String
        public let run: String
        public let with: [String: String]
    }

    public let steps: [Step]

    /// Reads the package's `action.yml`.
    public static func load() throws -> ActionSteps {
        let output = try PythonScript.run("""
            import json, sys, yaml
            action = yaml.safe_load(open(sys.argv[1] + "/action.yml"))
            print(json.dumps([{"name": s.get("name", ""), "id": s.get("id", ""), "condition": str(s.get("if", "")),
                               "uses": s.get("uses", ""), "run": s.get("run", ""),
                               "with": {k: str(v) for k, v in (s.get("with") or {}).items()}}
                              for s in action["runs"]["steps"]]))
            """, arguments: [TestPaths.packageRoot.path])
        return ActionSteps(steps: try JSONDecoder().decode([Step].self, from: output))
    }

    /// The `run` text of the step whose name starts with `prefix`.
    public func run(named prefix: String) throws -> String {
        guard let step = steps.first(where: { $0.name.hasPrefix(prefix) }), !step.run.isEmpty else {
            throw ActionStepsError(message: "action.yml has no shell step named '\(prefix)…'")
        }
        return step.run
    }
}

/// A step the test looked for is not in action.yml.
public struct ActionStepsError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
