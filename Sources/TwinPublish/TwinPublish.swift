// TwinPublish: placeholder so the target builds; replaced by its layer's issue.
enum TwinPublishPlaceholder {}
