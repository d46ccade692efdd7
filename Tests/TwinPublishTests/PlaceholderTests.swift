import Testing

// Placeholder so the target builds; replaced by its layer's issue.
@Suite struct TwinPublishTestsPlaceholder {}
