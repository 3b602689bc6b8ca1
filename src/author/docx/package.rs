//! The zip package of a Word document: what kind of file it really is, its parts read
//! with limits (the sizes a zip entry declares are not trusted), and relationships.

use super::xml::{self, Element, Ns};
use super::DocxError;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most bytes an XML part may unpack to (a 500-page report is about 20 MB).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes an embedded image may unpack to.
pub const MAX_MEDIA_BYTES: u64 = 50 * 1024 * 1024;
/// The most bytes one document may unpack to, all parts together.
const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// The most entries a package may have.
const MAX_ENTRIES: usize = 20_000;

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened package.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name → entry index (part names are case-insensitive).
    names: HashMap<String, usize>,
    unpacked: u64,
}

/// A relationship of a part.
#[derive(Debug, Clone)]
pub struct Relationship {
    /// The target: a part name (resolved) or an external address.
    pub target: String,
    /// Whether the target is outside the package.
    pub external: bool,
    /// The relationship type's last segment (`image`, `hyperlink`, `styles` …).
    pub kind: String,
}

impl<'a> Package<'a> {
    /// Opens the package, telling apart the files people send instead of a `.docx`.
    pub fn open(bytes: &'a [u8]) -> Result<Self, DocxError> {
        if bytes.starts_with(OLE_MAGIC) {
            // An encrypted .docx is an OLE file with these streams; a .doc has neither.
            let encrypted = utf16_contains(bytes, "EncryptionInfo")
                || utf16_contains(bytes, "EncryptedPackage");
            return Err(if encrypted {
                DocxError::Encrypted
            } else {
                DocxError::LegacyWord
            });
        }
        if !bytes.starts_with(b"PK") {
            return Err(DocxError::NotZip);
        }
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| DocxError::Corrupt(e.to_string()))?;
        if archive.len() > MAX_ENTRIES {
            return Err(DocxError::Corrupt(format!("{} entries", archive.len())));
        }
        let mut names = HashMap::new();
        for index in 0..archive.len() {
            if let Some(name) = archive.name_for_index(index) {
                names.insert(name.trim_start_matches('/').to_lowercase(), index);
            }
        }
        let mut package = Package {
            archive,
            names,
            unpacked: 0,
        };
        if !package.has("word/document.xml") && package.main_document_name()?.is_none() {
            return Err(package.what_else());
        }
        Ok(package)
    }

    fn has(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_lowercase())
    }

    fn what_else(&mut self) -> DocxError {
        if self.has("xl/workbook.xml") {
            return DocxError::Spreadsheet;
        }
        if self.has("ppt/presentation.xml") {
            return DocxError::Presentation;
        }
        if let Ok(Some(mimetype)) = self.part("mimetype", 1024) {
            if mimetype.starts_with(b"application/vnd.oasis.opendocument") {
                return DocxError::OpenDocument;
            }
        }
        DocxError::NotWord
    }

    /// The bytes of a part, or `None` when the package has no such part. More than `limit`
    /// bytes unpacked is an error, whatever the entry declares.
    pub fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(&index) = self.names.get(&name.trim_start_matches('/').to_lowercase()) else {
            return Ok(None);
        };
        let entry = self.archive.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(message)
                if message.to_lowercase().contains("password") =>
            {
                DocxError::Encrypted
            }
            other => DocxError::Corrupt(other.to_string()),
        })?;
        let remaining = MAX_TOTAL_BYTES.saturating_sub(self.unpacked);
        let limit = limit.min(remaining);
        let mut bytes = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| DocxError::Corrupt(format!("{name}: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(DocxError::TooLarge {
                part: name.to_string(),
                limit,
            });
        }
        self.unpacked += bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// A part parsed as XML, or `None` when it is missing.
    pub fn xml_part(&mut self, name: &str) -> Result<Option<Element>, DocxError> {
        match self.part(name, MAX_PART_BYTES)? {
            None => Ok(None),
            Some(bytes) => xml::parse(&bytes)
                .map(Some)
                .map_err(|error| DocxError::Xml {
                    part: name.to_string(),
                    error,
                }),
        }
    }

    /// The relationships of `part` (from `_rels/<part>.rels`), by id. A missing or broken
    /// relationships part means no relationships: the text can still be read.
    pub fn relationships(&mut self, part: &str) -> HashMap<String, Relationship> {
        let (folder, file) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let mut map = HashMap::new();
        let Ok(Some(root)) = self.xml_part(&rels_name) else {
            return map;
        };
        for rel in root.elements().filter(|e| e.name == "Relationship") {
            let (Some(id), Some(target)) = (rel.attr(Ns::None, "Id"), rel.attr(Ns::None, "Target"))
            else {
                continue;
            };
            let external = rel
                .attr(Ns::None, "TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("external"));
            let kind = rel
                .attr(Ns::None, "Type")
                .and_then(|t| t.rsplit('/').next())
                .unwrap_or_default()
                .to_string();
            let target = if external {
                target.to_string()
            } else {
                match resolve(folder, target) {
                    Some(t) => t,
                    None => continue,
                }
            };
            map.insert(
                id.to_string(),
                Relationship {
                    target,
                    external,
                    kind,
                },
            );
        }
        map
    }

    /// The main document part named by the package's relationships.
    pub fn main_document_name(&mut self) -> Result<Option<String>, DocxError> {
        let rels = self.relationships("");
        let mut found = rels
            .values()
            .filter(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| r.target.clone())
            .collect::<Vec<_>>();
        found.sort();
        Ok(found.into_iter().find(|name| self.has(name)))
    }
}

/// Resolves a relationship target against the folder of its source part; `None` when it
/// climbs out of the package (such a target names no part).
pub fn resolve(folder: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or_default();
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        None
    } else {
        Some(segments.join("/"))
    }
}

fn utf16_contains(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package_only() {
        assert_eq!(
            resolve("word", "media/image1.png").as_deref(),
            Some("word/media/image1.png")
        );
        assert_eq!(
            resolve("word", "/word/media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(
            resolve("word", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(resolve("word", "../../../../etc/passwd"), None);
        assert_eq!(
            resolve("", "word/document.xml").as_deref(),
            Some("word/document.xml")
        );
    }

    #[test]
    fn files_that_are_not_packages_are_told_apart() {
        assert!(matches!(Package::open(b"hello"), Err(DocxError::NotZip)));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 600]);
        assert!(matches!(Package::open(&ole), Err(DocxError::LegacyWord)));
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        ole.extend_from_slice(&name);
        assert!(matches!(Package::open(&ole), Err(DocxError::Encrypted)));
        assert!(matches!(
            Package::open(b"PK\x03\x04 truncated"),
            Err(DocxError::Corrupt(_))
        ));
    }
}
