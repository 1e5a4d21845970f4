namespace LogGrains.Core.Batching;

/// <summary>A snapshot of what a <see cref="BatchPlanner"/> has done with the events given to it. Counts of pieces unless said otherwise.</summary>
/// <remarks>
/// Every piece is accounted for exactly once:
/// <c>Pieces == Skipped + TooOld + TooNew + PiecesPlanned + (pieces in the open batch)</c>, and the open batch is empty after <see cref="BatchPlanner.Complete"/>.
/// </remarks>
/// <param name="Pieces">Pieces seen, i.e. the position of the next piece; includes skipped and excluded ones.</param>
/// <param name="EventsIn">Events given to <see cref="BatchPlanner.Add"/>.</param>
/// <param name="EventsSplit">Events larger than <see cref="BatchLimits.MaxEventBytes"/> that were split into several pieces.</param>
/// <param name="ExtraPieces">Pieces created by splitting beyond one per event (<c>Pieces == EventsIn + ExtraPieces</c>).</param>
/// <param name="TooOld">Pieces not sent because they are older than the planning time minus <see cref="BatchLimits.MaxEventAge"/>.</param>
/// <param name="TooNew">Pieces not sent because they are newer than the planning time plus <see cref="BatchLimits.MaxEventFuture"/>.</param>
/// <param name="Skipped">Pieces not sent because their position is below the checkpoint the planner resumed after (already accepted).</param>
/// <param name="Batches">Batches sealed.</param>
/// <param name="PiecesPlanned">Pieces placed in sealed batches.</param>
/// <param name="BytesPlanned">Counted bytes (message bytes plus per-event overhead) of the sealed batches.</param>
public readonly record struct PlannerStats(
    long Pieces,
    long EventsIn,
    long EventsSplit,
    long ExtraPieces,
    long TooOld,
    long TooNew,
    long Skipped,
    long Batches,
    long PiecesPlanned,
    long BytesPlanned);
