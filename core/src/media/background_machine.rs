//! The rules of the background audio player (playBackgroundAudio, pauseBackgroundAudio,
//! seekBackgroundAudio, stopBackgroundAudio, getBackgroundAudioPlayerState and the
//! onBackgroundAudioPlay/Pause/Stop events), without the browser.
//!
//! One track at a time. playBackgroundAudio of the paused track resumes it, of the
//! playing track leaves it playing, of another track replaces the old one. The play
//! event fires once the track really sounds (the browser may refuse or fail to load it,
//! which fails the call and leaves no track); the stop event fires on stopBackgroundAudio
//! and when the track plays to its end, after which there is no track (status 2).

/// getBackgroundAudioPlayerState's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Paused = 0,
    Playing = 1,
    None = 2,
}

/// The onBackgroundAudio* events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Play,
    Pause,
    Stop,
}

/// What the browser layer must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load `url` and play it from the start; the outcome comes back through
    /// [`BackgroundMachine::started`] or [`BackgroundMachine::failed`] with `load`.
    Load {
        url: String,
        load: u64,
    },
    /// Play the paused track on (same reporting as `Load`).
    Resume {
        load: u64,
    },
    Pause,
    /// Move to `seconds` (never negative).
    Seek(f64),
    /// Stop sounding and drop the track.
    Stop,
    /// Tell the mini program's listener.
    Emit(Event),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Track {
    url: String,
    status: Status,
    /// Which load or resume the track's status is waiting for, while it starts.
    load: u64,
    starting: bool,
}

/// The background player's state: no track, or one track playing or paused.
#[derive(Debug, Default)]
pub struct BackgroundMachine {
    track: Option<Track>,
    loads: u64,
}

impl BackgroundMachine {
    /// getBackgroundAudioPlayerState's `status`.
    pub fn status(&self) -> Status {
        self.track.as_ref().map_or(Status::None, |track| track.status)
    }

    /// The track's `dataUrl`, empty without a track.
    pub fn data_url(&self) -> &str {
        self.track.as_ref().map_or("", |track| &track.url)
    }

    /// `playBackgroundAudio({dataUrl: url})`.
    pub fn play(&mut self, url: &str) -> Vec<Effect> {
        self.loads += 1;
        let load = self.loads;
        match &mut self.track {
            Some(track)
                if track.url == url && track.status == Status::Playing && !track.starting =>
            {
                Vec::new()
            }
            Some(track) if track.url == url && !track.starting => {
                track.load = load;
                track.starting = true;
                vec![Effect::Resume { load }]
            }
            _ => {
                self.track = Some(Track {
                    url: url.to_owned(),
                    status: Status::Playing,
                    load,
                    starting: true,
                });
                vec![Effect::Load { url: url.to_owned(), load }]
            }
        }
    }

    /// The browser started sounding for `load`.
    pub fn started(&mut self, load: u64) -> Vec<Effect> {
        match &mut self.track {
            Some(track) if track.load == load && track.starting => {
                track.starting = false;
                track.status = Status::Playing;
                vec![Effect::Emit(Event::Play)]
            }
            _ => Vec::new(),
        }
    }

    /// The browser could not play for `load`: no track any more.
    pub fn failed(&mut self, load: u64) -> Vec<Effect> {
        match &self.track {
            Some(track) if track.load == load && track.starting => {
                self.track = None;
                vec![Effect::Stop]
            }
            _ => Vec::new(),
        }
    }

    /// The browser could not load the track's source (the element's `error` event). A
    /// track still waiting for `play()` is left to [`BackgroundMachine::failed`]; one
    /// paused or playing goes, so that a pause before the failure keeps no track.
    pub fn source_failed(&mut self) -> Vec<Effect> {
        match &self.track {
            Some(track) if !track.starting => {
                self.track = None;
                vec![Effect::Stop]
            }
            _ => Vec::new(),
        }
    }

    /// `pauseBackgroundAudio()`: only a playing track pauses.
    pub fn pause(&mut self) -> Vec<Effect> {
        match &mut self.track {
            Some(track) if track.status == Status::Playing => {
                track.status = Status::Paused;
                let was_starting = std::mem::replace(&mut track.starting, false);
                if was_starting {
                    vec![Effect::Pause]
                } else {
                    vec![Effect::Pause, Effect::Emit(Event::Pause)]
                }
            }
            _ => Vec::new(),
        }
    }

    /// `seekBackgroundAudio({position})`, in seconds; nothing without a track.
    pub fn seek(&mut self, position: f64) -> Vec<Effect> {
        match &self.track {
            Some(_) => {
                vec![Effect::Seek(if position.is_finite() { position.max(0.0) } else { 0.0 })]
            }
            None => Vec::new(),
        }
    }

    /// `stopBackgroundAudio()`.
    pub fn stop(&mut self) -> Vec<Effect> {
        match self.track.take() {
            Some(_) => vec![Effect::Stop, Effect::Emit(Event::Stop)],
            None => Vec::new(),
        }
    }

    /// The track played to its end.
    pub fn ended(&mut self) -> Vec<Effect> {
        match self.track.take() {
            Some(_) => vec![Effect::Emit(Event::Stop)],
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Effect::*;

    fn playing(machine: &mut BackgroundMachine, url: &str) -> u64 {
        let effects = machine.play(url);
        let load = match effects.as_slice() {
            [Load { load, .. }] | [Resume { load }] => *load,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(machine.started(load), [Emit(Event::Play)]);
        load
    }

    #[test]
    fn no_track_at_first() {
        let mut machine = BackgroundMachine::default();
        assert_eq!(machine.status(), Status::None);
        assert_eq!(machine.status() as u8, 2);
        assert_eq!(machine.data_url(), "");
        assert_eq!(machine.pause(), []);
        assert_eq!(machine.seek(3.0), []);
        assert_eq!(machine.stop(), []);
    }

    #[test]
    fn play_pause_resume_stop_with_their_events() {
        let mut machine = BackgroundMachine::default();
        assert_eq!(machine.play("a.wav"), [Load { url: "a.wav".into(), load: 1 }]);
        assert_eq!(machine.status(), Status::Playing);
        assert_eq!(machine.started(1), [Emit(Event::Play)]);
        assert_eq!(machine.data_url(), "a.wav");
        assert_eq!(machine.pause(), [Pause, Emit(Event::Pause)]);
        assert_eq!(machine.status() as u8, 0);
        assert_eq!(machine.play("a.wav"), [Resume { load: 2 }]);
        assert_eq!(machine.started(2), [Emit(Event::Play)]);
        assert_eq!(machine.status() as u8, 1);
        assert_eq!(machine.stop(), [Stop, Emit(Event::Stop)]);
        assert_eq!(machine.status(), Status::None);
    }

    #[test]
    fn the_playing_track_played_again_goes_on() {
        let mut machine = BackgroundMachine::default();
        playing(&mut machine, "a.wav");
        assert_eq!(machine.play("a.wav"), []);
        assert_eq!(machine.status(), Status::Playing);
    }

    #[test]
    fn another_track_replaces_the_old_one_and_late_answers_are_ignored() {
        let mut machine = BackgroundMachine::default();
        machine.play("a.wav");
        assert_eq!(machine.play("b.wav"), [Load { url: "b.wav".into(), load: 2 }]);
        assert_eq!(machine.started(1), [], "a's start came too late");
        assert_eq!(machine.failed(1), []);
        assert_eq!(machine.started(2), [Emit(Event::Play)]);
        assert_eq!(machine.data_url(), "b.wav");
    }

    #[test]
    fn a_track_that_cannot_play_leaves_no_track() {
        let mut machine = BackgroundMachine::default();
        machine.play("bad.wav");
        assert_eq!(machine.failed(1), [Stop]);
        assert_eq!(machine.status(), Status::None);
        assert_eq!(machine.started(1), []);
    }

    #[test]
    fn the_end_of_the_track_stops_it() {
        let mut machine = BackgroundMachine::default();
        playing(&mut machine, "a.wav");
        assert_eq!(machine.ended(), [Emit(Event::Stop)]);
        assert_eq!(machine.status(), Status::None);
        assert_eq!(machine.ended(), []);
    }

    #[test]
    fn seeking_clamps_to_the_start() {
        let mut machine = BackgroundMachine::default();
        playing(&mut machine, "a.wav");
        assert_eq!(machine.seek(-4.0), [Seek(0.0)]);
        assert_eq!(machine.seek(f64::NAN), [Seek(0.0)]);
        assert_eq!(machine.seek(30.0), [Seek(30.0)]);
    }

    #[test]
    fn a_pause_while_starting_wins_without_a_pause_event() {
        let mut machine = BackgroundMachine::default();
        machine.play("a.wav");
        assert_eq!(machine.pause(), [Pause]);
        assert_eq!(machine.started(1), [], "the start of a paused track is no play event");
        assert_eq!(machine.status(), Status::Paused);
    }

    #[test]
    fn a_source_that_fails_after_a_pause_leaves_no_track() {
        let mut machine = BackgroundMachine::default();
        machine.play("");
        assert_eq!(machine.source_failed(), [], "a starting track waits for play() to fail");
        assert_eq!(machine.pause(), [Pause]);
        assert_eq!(machine.source_failed(), [Stop]);
        assert_eq!(machine.failed(1), [], "play()'s late failure changes nothing");
        assert_eq!(machine.status(), Status::None);
    }
}
