//! How many network tasks (request, uploadFile, downloadFile) may run at once
//! (CONVENTIONS.md, "Network"): the seed profile allows 5 and refuses the next at once;
//! the modern profile allows 10 and queues the rest in call order. No browser calls.

use std::collections::VecDeque;

/// What to do with tasks beyond the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Refuse,
    Queue,
}

/// A task's place: running, waiting in the queue, or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Run,
    Wait(u64),
    Refused,
}

/// Counts running tasks and keeps the waiting ones; `W` is what wakes a waiting task.
#[derive(Debug)]
pub struct Scheduler<W> {
    limit: usize,
    overflow: Overflow,
    running: usize,
    waiting: VecDeque<(u64, W)>,
    next_ticket: u64,
}

impl<W> Scheduler<W> {
    pub fn new(limit: usize, overflow: Overflow) -> Self {
        Scheduler { limit, overflow, running: 0, waiting: VecDeque::new(), next_ticket: 0 }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// A new task asks to start. `wake` is kept if it has to wait.
    pub fn admit(&mut self, wake: W) -> Admission {
        if self.running < self.limit {
            self.running += 1;
            return Admission::Run;
        }
        match self.overflow {
            Overflow::Refuse => Admission::Refused,
            Overflow::Queue => {
                let ticket = self.next_ticket;
                self.next_ticket += 1;
                self.waiting.push_back((ticket, wake));
                Admission::Wait(ticket)
            }
        }
    }

    /// A running task ended (done, failed, aborted or timed out). Returns the waiting
    /// task that takes its slot, if any; it counts as running from now on.
    pub fn finish(&mut self) -> Option<W> {
        match self.waiting.pop_front() {
            Some((_, wake)) => Some(wake),
            None => {
                self.running = self.running.saturating_sub(1);
                None
            }
        }
    }

    /// A waiting task was aborted before it started: it leaves the queue.
    pub fn cancel(&mut self, ticket: u64) -> Option<W> {
        let index = self.waiting.iter().position(|(t, _)| *t == ticket)?;
        self.waiting.remove(index).map(|(_, wake)| wake)
    }

    pub fn running(&self) -> usize {
        self.running
    }

    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_profile_refuses_the_sixth() {
        let mut scheduler = Scheduler::new(5, Overflow::Refuse);
        for i in 0..5 {
            assert_eq!(scheduler.admit(i), Admission::Run);
        }
        assert_eq!(scheduler.admit(5), Admission::Refused);
        assert_eq!(scheduler.finish(), None);
        assert_eq!(scheduler.admit(6), Admission::Run, "a finished task frees its slot");
        assert_eq!(scheduler.running(), 5);
    }

    #[test]
    fn the_modern_profile_queues_in_call_order() {
        let mut scheduler = Scheduler::new(10, Overflow::Queue);
        for i in 0..10 {
            assert_eq!(scheduler.admit(i), Admission::Run);
        }
        let waits: Vec<Admission> = (10..25).map(|i| scheduler.admit(i)).collect();
        assert!(waits.iter().all(|a| matches!(a, Admission::Wait(_))));
        assert_eq!((scheduler.running(), scheduler.waiting()), (10, 15));
        let woken: Vec<i32> = (0..15).filter_map(|_| scheduler.finish()).collect();
        assert_eq!(woken, (10..25).collect::<Vec<_>>());
        assert_eq!(scheduler.running(), 10, "each woken task took a finished one's slot");
        for _ in 0..10 {
            assert_eq!(scheduler.finish(), None);
        }
        assert_eq!(scheduler.running(), 0);
    }

    #[test]
    fn a_cancelled_waiter_leaves_the_queue_and_others_keep_their_order() {
        let mut scheduler = Scheduler::new(1, Overflow::Queue);
        assert_eq!(scheduler.admit('a'), Admission::Run);
        let Admission::Wait(b) = scheduler.admit('b') else { panic!("b waits") };
        assert!(matches!(scheduler.admit('c'), Admission::Wait(_)));
        assert_eq!(scheduler.cancel(b), Some('b'));
        assert_eq!(scheduler.cancel(b), None, "cancelling twice is a no-op");
        assert_eq!(scheduler.finish(), Some('c'));
        assert_eq!(scheduler.finish(), None);
        assert_eq!(scheduler.running(), 0);
    }

    #[test]
    fn finishing_more_than_started_never_underflows() {
        let mut scheduler: Scheduler<()> = Scheduler::new(5, Overflow::Refuse);
        assert_eq!(scheduler.finish(), None);
        assert_eq!(scheduler.running(), 0);
    }
}
