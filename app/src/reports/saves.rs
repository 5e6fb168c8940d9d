//! Group commit of report saves on SQLite.
//!
//! SQLite has one writer at a time and every commit waits for its WAL write,
//! so at the deadline rush the commits, not the saves, are the limit. Saves
//! that arrive while a transaction is being written therefore wait in a queue,
//! and one task writes them all in the next transaction: each inside its own
//! savepoint, so a save that is refused (another version, a report submitted
//! meanwhile) is undone alone and gets its own error, then one commit for all.
//! No save is answered before the commit that holds it succeeded.

use std::sync::{Arc, Mutex};

use sea_orm::{DatabaseConnection, DbErr, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

use super::service::{write_save, PreparedSave};
use crate::db;
use crate::error::AppError;

/// The most saves written in one transaction. A batch holds the write lock
/// for the whole of it, so other writers (session refreshes, officers) wait at
/// most one batch.
const MAX_BATCH: usize = 64;

/// Saves that may wait in the queue before a caller waits to join it.
const QUEUE: usize = 1024;

/// One queued save and where its answer goes.
type Job = (PreparedSave, oneshot::Sender<Result<i64, AppError>>);

/// The queue of report saves waiting for their group commit, and its writer.
/// It is kept in the application state, one per database like
/// `SessionTouches`: the writer task starts on the first save, with the
/// database given then, and ends when every copy of this is dropped (a writer
/// that was stopped, e.g. with its runtime, is started anew on the next save).
#[derive(Clone, Default)]
pub struct ReportSaves {
    queue: Arc<Mutex<Option<mpsc::Sender<Job>>>>,
}

impl ReportSaves {
    /// Queues `save` for the next group commit and waits for its answer: the
    /// report's id once the transaction holding it is committed, or the error
    /// that refused it (nothing of it was written then).
    ///
    /// A caller that stops waiting does not take its save back: once queued it
    /// is written like the others, as a commit whose answer was lost would be.
    pub async fn write(&self, db: &DatabaseConnection, save: PreparedSave) -> Result<i64, AppError> {
        let (reply, answer) = oneshot::channel();
        if self.sender(db).send((save, reply)).await.is_err() {
            tracing::error!("the report-save writer stopped before taking a save");
            return Err(AppError::Internal);
        }
        answer.await.unwrap_or_else(|_| {
            tracing::error!("the report-save writer stopped before answering a save");
            Err(AppError::Internal)
        })
    }

    /// The queue's sender; starts the writer on first use or when it stopped.
    fn sender(&self, db: &DatabaseConnection) -> mpsc::Sender<Job> {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        match &*queue {
            Some(tx) if !tx.is_closed() => tx.clone(),
            _ => {
                let (tx, rx) = mpsc::channel(QUEUE);
                tokio::spawn(run(db.clone(), rx));
                *queue = Some(tx.clone());
                tx
            }
        }
    }
}

/// The writer: waits for a save, takes every other save already queued (up
/// to [`MAX_BATCH`]) and writes them in one transaction; saves that arrive
/// meanwhile form the next batch. It does not wait for more saves to come:
/// a lone save is written at once.
async fn run(db: DatabaseConnection, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (saves, replies): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
        tracing::debug!(saves = saves.len(), "group commit of report saves");
        for (reply, answer) in replies.into_iter().zip(commit_batch(&db, &saves).await) {
            // A caller that stopped waiting no longer needs its answer.
            let _ = reply.send(answer);
        }
    }
}

/// Writes `saves` in one transaction and returns each one's answer, in order.
/// When the transaction cannot be committed, every save that was written gets
/// an error too: nothing of the batch is in the database.
async fn commit_batch(db: &DatabaseConnection, saves: &[PreparedSave]) -> Vec<Result<i64, AppError>> {
    let mut answers = Vec::with_capacity(saves.len());
    if let Err(e) = write_batch(db, saves, &mut answers).await {
        tracing::error!(error = %e, saves = saves.len(), "group commit of report saves failed");
        answers = answers.into_iter().map(|a| a.and(Err(AppError::Internal))).collect();
        answers.resize(saves.len(), Err(AppError::Internal));
    }
    answers
}

/// Writes each save in its own savepoint of one write transaction, pushing
/// its answer to `answers`, and commits. A refused save is rolled back to its
/// savepoint, which keeps the saves before it; a savepoint that cannot be
/// released or rolled back means the transaction itself is lost (SQLite rolls
/// it back whole on some errors), so the batch stops there with that error.
async fn write_batch(
    db: &DatabaseConnection,
    saves: &[PreparedSave],
    answers: &mut Vec<Result<i64, AppError>>,
) -> Result<(), DbErr> {
    let txn = db::begin_write(db).await?;
    for save in saves {
        let savepoint = txn.begin().await?;
        let answer = write_save(&savepoint, save).await;
        match answer {
            Ok(_) => savepoint.commit().await?,
            Err(_) => savepoint.rollback().await?,
        }
        answers.push(answer);
    }
    // Drafts show on no public page; a submission does (the filing figures).
    if saves.iter().any(|s| s.is_submission()) {
        txn.commit().await
    } else {
        txn.commit_unseen().await
    }
}
