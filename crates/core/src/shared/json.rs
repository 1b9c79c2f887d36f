//! JSON text to typed values, with the path of the first offending value in the error.

use crate::error::{from_json_error, Error, ErrorCode, ErrorFamily, Result};

/// Parses JSON text into `T`; a syntax or shape error carries the JSON path and the family's
/// parse code, and trailing characters after the value are refused.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    family: ErrorFamily,
) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T =
        serde_path_to_error::deserialize(&mut de).map_err(|e| from_json_error(e, family))?;
    de.end().map_err(|e| {
        let code = match family {
            ErrorFamily::Model => ErrorCode::ModelParse,
            _ => ErrorCode::InputParse,
        };
        Error::new(code, "", e.to_string())
    })?;
    Ok(value)
}
