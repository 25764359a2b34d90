// How a file attached to a case is shown: a picture or a video in the page, a PDF in a new tab,
// anything else (a saved web page, an office document) only as a download.
export const AttachmentView = { Image: 'image', Video: 'video', Pdf: 'pdf', Download: 'download' } as const;
export type AttachmentView = (typeof AttachmentView)[keyof typeof AttachmentView];

export function attachmentView(contentType: string): AttachmentView {
  if (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(contentType)) return AttachmentView.Image;
  if (contentType === 'video/mp4' || contentType === 'video/webm') return AttachmentView.Video;
  if (contentType === 'application/pdf') return AttachmentView.Pdf;
  return AttachmentView.Download;
}

/** A saved web page (.html, .mhtml): kept only as a download. */
export const isSavedPage = (contentType: string) => ['text/html', 'multipart/related', 'message/rfc822', 'application/x-mimearchive'].includes(contentType);
