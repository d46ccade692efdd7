/// The languages and calibration scripts the sandbox serves.
enum SandboxScripts {
    static let languages = [
        "Arabic", "Bengali", "Chinese-Simplified", "Chinese-Traditional", "Dutch", "English", "French", "German",
        "Hindi", "Indonesian", "Italian", "Japanese", "Korean", "Polish", "Portuguese", "Russian", "Spanish",
        "Turkish", "Ukrainian", "Vietnamese",
    ]

    private static let scripts: [String: String] = [
        "English": """
            Hi, I'm recording this video to create my AI twin. I'm looking straight into the camera, \
            speaking clearly and naturally, the way I would talk to a friend. Sometimes I smile, sometimes \
            I pause to think, and then I carry on. This is what my voice sounds like, and this is how I move.
            """,
        "Spanish": """
            Hola, estoy grabando este video para crear mi gemelo de IA. Miro directamente a la cámara y \
            hablo con claridad y naturalidad, como lo haría con un amigo.
            """,
        "French": """
            Bonjour, j'enregistre cette vidéo pour créer mon jumeau IA. Je regarde droit dans la caméra et \
            je parle clairement et naturellement, comme je parlerais à un ami.
            """,
        "German": """
            Hallo, ich nehme dieses Video auf, um meinen KI-Zwilling zu erstellen. Ich schaue direkt in die \
            Kamera und spreche klar und natürlich, so wie mit einem Freund.
            """,
    ]

    /// The script for a supported language (the English text, labelled, where no translation is stored).
    static func script(for language: String) -> String {
        scripts[language] ?? "[\(language)] " + scripts["English"]!
    }
}
