//! The rules of wx.playVoice, pauseVoice and stopVoice, without the browser: one voice
//! at a time, and when each playVoice call settles.
//!
//! A playVoice call settles (`playVoice:ok`, then complete) when its playback ends: the
//! file played to its end, stopVoice ended it, or a later playVoice took over (a new file
//! or the same one interrupts it; for the paused file the new call resumes where it
//! stopped). pauseVoice leaves the call pending. A file that cannot play fails the call.

/// Whether the current voice is sounding or waiting at the position where it paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Playing,
    Paused,
}

/// The voice that is playing or paused, and the playVoice call it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub path: String,
    pub status: Status,
    pub call: u64,
}

/// What the browser layer must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Settle that call with `playVoice:ok`.
    Finish(u64),
    /// Settle that call with `playVoice:fail <detail>`.
    Fail(u64, String),
    /// Play `path` from its start.
    Start(String),
    /// Go on playing the paused voice from where it stopped.
    Resume,
    /// Stop sounding, keeping the position.
    Pause,
    /// Stop sounding and forget the voice.
    Stop,
}

/// The voice player's state: at most one voice.
#[derive(Debug, Default)]
pub struct VoiceMachine {
    current: Option<Current>,
}

impl VoiceMachine {
    pub fn current(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    /// `playVoice({filePath: path})` as call number `call`.
    pub fn play(&mut self, path: &str, call: u64) -> Vec<Effect> {
        let mut effects = Vec::new();
        let resume = match self.current.take() {
            Some(old) => {
                effects.push(Effect::Finish(old.call));
                old.path == path && old.status == Status::Paused
            }
            None => false,
        };
        effects.push(if resume { Effect::Resume } else { Effect::Start(path.to_owned()) });
        self.current = Some(Current { path: path.to_owned(), status: Status::Playing, call });
        effects
    }

    /// `pauseVoice()`: only a playing voice pauses.
    pub fn pause(&mut self) -> Vec<Effect> {
        match &mut self.current {
            Some(current) if current.status == Status::Playing => {
                current.status = Status::Paused;
                vec![Effect::Pause]
            }
            _ => Vec::new(),
        }
    }

    /// `stopVoice()`: the voice ends; the next playVoice starts over.
    pub fn stop(&mut self) -> Vec<Effect> {
        match self.current.take() {
            Some(old) => vec![Effect::Stop, Effect::Finish(old.call)],
            None => Vec::new(),
        }
    }

    /// The element played call `call`'s file to its end.
    pub fn ended(&mut self, call: u64) -> Vec<Effect> {
        match self.take_if(call) {
            Some(old) => vec![Effect::Finish(old.call)],
            None => Vec::new(),
        }
    }

    /// Call `call`'s file could not be played (`detail` says why).
    pub fn failed(&mut self, call: u64, detail: &str) -> Vec<Effect> {
        match self.take_if(call) {
            Some(old) => vec![Effect::Stop, Effect::Fail(old.call, detail.to_owned())],
            None => Vec::new(),
        }
    }

    /// The current voice, if it still belongs to `call` (a late event of an
    /// interrupted voice changes nothing).
    fn take_if(&mut self, call: u64) -> Option<Current> {
        if self.current.as_ref().is_some_and(|current| current.call == call) {
            self.current.take()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Effect::*;

    #[test]
    fn a_voice_plays_and_its_call_finishes_at_the_end() {
        let mut voice = VoiceMachine::default();
        assert_eq!(voice.play("a", 1), [Start("a".into())]);
        assert_eq!(voice.current().map(|c| c.status), Some(Status::Playing));
        assert_eq!(voice.ended(1), [Finish(1)]);
        assert_eq!(voice.current(), None);
    }

    #[test]
    fn the_paused_file_resumes_and_the_new_call_takes_over() {
        let mut voice = VoiceMachine::default();
        voice.play("a", 1);
        assert_eq!(voice.pause(), [Pause]);
        assert_eq!(voice.pause(), [], "pausing twice does nothing more");
        assert_eq!(voice.play("a", 2), [Finish(1), Resume]);
        assert_eq!(voice.ended(1), [], "the old call has settled already");
        assert_eq!(voice.ended(2), [Finish(2)]);
    }

    #[test]
    fn stop_then_play_starts_over() {
        let mut voice = VoiceMachine::default();
        voice.play("a", 1);
        voice.pause();
        assert_eq!(voice.stop(), [Stop, Finish(1)]);
        assert_eq!(voice.stop(), []);
        assert_eq!(voice.play("a", 2), [Start("a".into())]);
    }

    #[test]
    fn a_new_voice_interrupts_the_old_one() {
        let mut voice = VoiceMachine::default();
        voice.play("a", 1);
        assert_eq!(voice.play("b", 2), [Finish(1), Start("b".into())]);
        assert_eq!(voice.current().map(|c| c.path.as_str()), Some("b"));
        voice.pause();
        assert_eq!(
            voice.play("a", 3),
            [Finish(2), Start("a".into())],
            "another file never resumes"
        );
    }

    #[test]
    fn the_playing_file_played_again_starts_over() {
        let mut voice = VoiceMachine::default();
        voice.play("a", 1);
        assert_eq!(voice.play("a", 2), [Finish(1), Start("a".into())]);
    }

    #[test]
    fn a_file_that_cannot_play_fails_its_call_only() {
        let mut voice = VoiceMachine::default();
        voice.play("a", 1);
        voice.play("b", 2);
        assert_eq!(voice.failed(1, "x"), [], "a late error of an interrupted voice");
        assert_eq!(voice.failed(2, "MEDIA_ERR_DECODE"), [Stop, Fail(2, "MEDIA_ERR_DECODE".into())]);
        assert_eq!(voice.current(), None);
        assert_eq!(voice.pause(), []);
    }
}
