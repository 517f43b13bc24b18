//! Which documents openDocument opens and how: the type from `fileType` or the path's
//! extension, its MIME type, and whether the browser can show it. Pure.

/// How openDocument presents a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presentation {
    /// The browser's own viewer renders it (PDF).
    Viewer,
    /// A page naming the file and offering it for download (office formats).
    Download,
}

impl Presentation {
    /// The value of the result's `view` field (a wxweb addition): `viewer` or `download`.
    pub fn name(self) -> &'static str {
        match self {
            Presentation::Viewer => "viewer",
            Presentation::Download => "download",
        }
    }
}

/// The document types WeChat's openDocument takes, with their MIME types.
const TYPES: [(&str, &str); 7] = [
    ("pdf", "application/pdf"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
];

/// The MIME type and presentation of a document of type `file_type` (`fileType`, or
/// else the extension), or `None` for a type openDocument does not open.
pub fn classify(file_type: &str) -> Option<(&'static str, Presentation)> {
    let file_type = file_type.to_ascii_lowercase();
    let (name, mime) = TYPES.iter().find(|(name, _)| *name == file_type)?;
    let presentation = if *name == "pdf" { Presentation::Viewer } else { Presentation::Download };
    Some((mime, presentation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_goes_to_the_viewer_and_office_formats_to_a_download_page() {
        assert_eq!(classify("pdf"), Some(("application/pdf", Presentation::Viewer)));
        assert_eq!(classify("PDF").map(|(_, p)| p), Some(Presentation::Viewer));
        for office in ["doc", "docx", "xls", "xlsx", "ppt", "pptx"] {
            assert_eq!(classify(office).map(|(_, p)| p), Some(Presentation::Download), "{office}");
        }
        assert_eq!(
            classify("docx").map(|(m, _)| m),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
    }

    #[test]
    fn other_types_are_not_opened() {
        for other in ["txt", "png", "", "pdf.exe", "zip"] {
            assert_eq!(classify(other), None, "{other}");
        }
    }
}
