//! drawCanvas's actions as they cross from JS: `tape.js` flattens the JS array in one
//! pass into a tape of tokens, so that reading 10,000 actions parses no text and
//! crosses into wasm once. Pure: no browser calls.

/// What the tape holds when it does not hold what a reader expects.
pub const BAD_TAPE: &str = "actions cannot be read";

/// The kind of a token; the codes are the ones `tape.js` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Null = 0,
    False = 1,
    True = 2,
    Number = 3,
    /// Its value is an index into [`Tape::strings`].
    String = 4,
    /// Its value is the item count; the items follow.
    Array = 5,
    /// An object that is not a record; its contents are not kept.
    Object = 6,
    /// An object with a string `method`: its value is the method's index into
    /// [`Tape::strings`]; its `data` follows (`[]` when it had none).
    Record = 7,
    /// An array of finite numbers only: as [`Kind::Array`], and readable in one step.
    Numbers = 8,
}

impl Kind {
    #[inline(always)]
    fn from_code(code: u8) -> Option<Kind> {
        const KINDS: [Kind; 9] = [
            Kind::Null,
            Kind::False,
            Kind::True,
            Kind::Number,
            Kind::String,
            Kind::Array,
            Kind::Object,
            Kind::Record,
            Kind::Numbers,
        ];
        KINDS.get(usize::from(code)).copied()
    }
}

/// A JS value flattened in document order: token `i` is `kinds[i]` with `values[i]`.
/// `undefined` and non-finite numbers read as `null`, as `JSON.stringify` writes them.
/// Distinct strings are stored once.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tape {
    pub kinds: Vec<u8>,
    pub values: Vec<f64>,
    pub strings: Vec<String>,
}

/// A position in a tape's tokens. Copying it keeps a place to come back to.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'t> {
    tape: &'t Tape,
    pos: usize,
}

impl<'t> Reader<'t> {
    pub fn new(tape: &'t Tape) -> Self {
        Reader { tape, pos: 0 }
    }

    /// The kind of the next token, not consumed; `None` at the end or on a bad code.
    #[inline(always)]
    pub fn peek(&self) -> Option<Kind> {
        self.tape.kinds.get(self.pos).copied().and_then(Kind::from_code)
    }

    /// The next token's kind code and value, not consumed.
    #[inline(always)]
    fn token(&self) -> Option<(u8, f64)> {
        Some((*self.tape.kinds.get(self.pos)?, *self.tape.values.get(self.pos)?))
    }

    /// Consumes the next token if it is of kind `a` or `b`, and returns its value.
    #[inline(always)]
    fn take_either(&mut self, a: Kind, b: Kind) -> Option<f64> {
        let (code, value) = self.token()?;
        if code != a as u8 && code != b as u8 {
            return None;
        }
        self.pos += 1;
        Some(value)
    }

    /// Consumes the next token if it is of `kind`, and returns its value.
    #[inline(always)]
    fn take(&mut self, kind: Kind) -> Option<f64> {
        self.take_either(kind, kind)
    }

    /// Starts an array: its item count, or `None` (nothing consumed) for anything else.
    #[inline(always)]
    pub fn array(&mut self) -> Option<usize> {
        self.take_either(Kind::Array, Kind::Numbers).map(count)
    }

    /// An array of exactly `N` finite numbers, read in one step (in place, not copied);
    /// `None` (nothing consumed) for anything else, including arrays that hold `null`s.
    #[inline(always)]
    pub fn numbers<const N: usize>(&mut self) -> Option<&'t [f64; N]> {
        // Plain comparisons: comparing `Option`s here costs a call at opt-level z.
        let (kind, value) = self.token()?;
        if kind != Kind::Numbers as u8 || count(value) != N {
            return None;
        }
        let start = self.pos + 1;
        let tape: &'t Tape = self.tape;
        let out = <&[f64; N]>::try_from(tape.values.get(start..start + N)?).ok()?;
        self.pos = start + N;
        Some(out)
    }

    /// Starts a record: its method's string index, or `None` (nothing consumed); its
    /// data comes next.
    #[inline(always)]
    pub fn record(&mut self) -> Option<usize> {
        self.take(Kind::Record).map(count)
    }

    /// A string's index in the tape's strings.
    #[inline(always)]
    pub fn string(&mut self) -> Option<usize> {
        self.take(Kind::String).map(count)
    }

    /// A number; `null` (how JSON writes NaN and ±Infinity) reads as NaN.
    #[inline(always)]
    pub fn number(&mut self) -> Option<f64> {
        let (code, value) = self.token()?;
        let number = match code {
            c if c == Kind::Number as u8 => value,
            c if c == Kind::Null as u8 => f64::NAN,
            _ => return None,
        };
        self.pos += 1;
        Some(number)
    }

    /// `true`/`false`; `null` reads as `false`.
    #[inline(always)]
    pub fn boolean(&mut self) -> Option<bool> {
        match self.peek()? {
            Kind::True => self.take(Kind::True).map(|_| true),
            Kind::False | Kind::Null => self.tape.values.get(self.pos).map(|_| {
                self.pos += 1;
                false
            }),
            _ => None,
        }
    }

    /// Skips one value of any kind, however deeply nested.
    pub fn skip(&mut self) -> Result<(), &'static str> {
        let mut remaining: usize = 1;
        while remaining > 0 {
            let kind = self.peek().ok_or(BAD_TAPE)?;
            let value = self.tape.values.get(self.pos).copied().ok_or(BAD_TAPE)?;
            self.pos += 1;
            remaining -= 1;
            let items = match kind {
                Kind::Array => count(value),
                Kind::Record => 1,
                // Its items are numbers: stepped over at once.
                Kind::Numbers => {
                    let end = self
                        .pos
                        .checked_add(count(value))
                        .filter(|end| *end <= self.tape.kinds.len())
                        .ok_or(BAD_TAPE)?;
                    self.pos = end;
                    0
                }
                _ => 0,
            };
            // Each item is at least one token: a count beyond the tape is malformed.
            if items > self.tape.kinds.len() - self.pos {
                return Err(BAD_TAPE);
            }
            remaining += items;
        }
        Ok(())
    }
}

/// A token's value as a count or an index (`tape.js` writes whole numbers).
#[inline(always)]
fn count(value: f64) -> usize {
    value as usize
}

#[cfg(test)]
pub mod from_json {
    //! Tapes made from JSON text, for host tests (the browser makes them with `tape.js`).
    use super::Tape;
    use serde_json::Value;

    pub fn tape(json: &str) -> Tape {
        let value: Value = serde_json::from_str(json).expect("test JSON");
        let mut tape = Tape::default();
        write(&mut tape, &value);
        tape
    }

    fn write(tape: &mut Tape, value: &Value) {
        match value {
            Value::Null => push(tape, 0, 0.0),
            Value::Bool(b) => push(tape, if *b { 2 } else { 1 }, 0.0),
            Value::Number(n) => push(tape, 3, n.as_f64().expect("finite")),
            Value::String(s) => {
                let index = string(tape, s);
                push(tape, 4, index);
            }
            Value::Array(items) => {
                let numbers = items.iter().all(Value::is_number);
                push(tape, if numbers { 8 } else { 5 }, items.len() as f64);
                items.iter().for_each(|item| write(tape, item));
            }
            Value::Object(entries) => match entries.get("method") {
                Some(Value::String(method)) => {
                    let index = string(tape, method);
                    push(tape, 7, index);
                    match entries.get("data") {
                        Some(data) => write(tape, data),
                        None => push(tape, 5, 0.0),
                    }
                }
                _ => push(tape, 6, 0.0),
            },
        }
    }

    fn string(tape: &mut Tape, s: &str) -> f64 {
        let index = tape.strings.iter().position(|known| known == s).unwrap_or_else(|| {
            tape.strings.push(s.to_owned());
            tape.strings.len() - 1
        });
        index as f64
    }

    fn push(tape: &mut Tape, kind: u8, value: f64) {
        tape.kinds.push(kind);
        tape.values.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::from_json::tape;
    use super::*;

    #[test]
    fn reads_values_in_order() {
        let tape = tape(
            r#"["a", -1.5e2, true, null, {"method": "m", "data": [1, {"x": 1}]}, {"k": 1}, false]"#,
        );
        let mut r = Reader::new(&tape);
        assert_eq!(r.array(), Some(7));
        assert_eq!(r.string().map(|i| tape.strings[i].as_str()), Some("a"));
        assert_eq!(r.number(), Some(-150.0));
        assert_eq!(r.boolean(), Some(true));
        assert!(r.number().is_some_and(f64::is_nan));
        let mut record = r;
        r.skip().unwrap();
        assert_eq!(r.peek(), Some(Kind::Object));
        r.skip().unwrap();
        assert_eq!(r.boolean(), Some(false));
        assert_eq!(r.peek(), None);
        assert_eq!(record.array(), None);
        assert_eq!(record.record().map(|i| tape.strings[i].as_str()), Some("m"));
        assert_eq!(record.array(), Some(2));
    }

    #[test]
    fn arrays_of_numbers_read_in_one_step() {
        let tape = tape("[[1, 2, 3], [1, null], 4]");
        let mut r = Reader::new(&tape);
        assert_eq!(r.array(), Some(3));
        assert_eq!(r.numbers::<2>(), None, "a count that differs consumes nothing");
        assert_eq!(r.numbers::<3>(), Some(&[1.0, 2.0, 3.0]));
        assert_eq!(r.numbers::<2>(), None, "null makes an ordinary array");
        assert_eq!(r.array(), Some(2));
        assert_eq!(r.number(), Some(1.0));
        assert!(r.number().is_some_and(f64::is_nan));
        assert_eq!(r.numbers::<1>(), None);
        assert_eq!(r.number(), Some(4.0));
    }

    #[test]
    fn a_bad_tape_is_an_error_not_a_panic() {
        let short = Tape { kinds: vec![5], values: vec![3.0], strings: vec![] };
        assert_eq!(Reader::new(&short).skip(), Err(BAD_TAPE));
        let huge = Tape { kinds: vec![5], values: vec![f64::MAX], strings: vec![] };
        assert_eq!(Reader::new(&huge).skip(), Err(BAD_TAPE));
        let unknown = Tape { kinds: vec![9], values: vec![0.0], strings: vec![] };
        assert_eq!(Reader::new(&unknown).peek(), None);
        let no_value = Tape { kinds: vec![3], values: vec![], strings: vec![] };
        assert_eq!(Reader::new(&no_value).number(), None);
        assert_eq!(Reader::new(&no_value).skip(), Err(BAD_TAPE));
    }
}
