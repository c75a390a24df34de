"""Saving and loading games: slots on disk that survive crashes, full disks and story updates.

The API a front end uses (every method raises only ``SaveError``; show ``err.message``)::

    store = SaveStore.open(story, args.saves)       # --saves DIR, else $MILLONES_SAVES, else saves/
    store.list()          # [SlotInfo] for slots 1-9, quick, auto1-3 (empty ones too), from each file's summary:
                          #   .label .name .chapter .title .header_text .play_seconds .saved_at
                          #   .empty .loadable .unreadable (why it cannot load) .note (loads from backup)
                          #   (text cleaned of terminal controls; a slot that fails to load lists as unreadable after)
    store.save("3", game.snapshot(), clock.seconds(), name="Before the exam")
                          # raises SaveError(UNREADABLE_SLOT) if slot 3 holds an unreadable file:
                          # ask the player, then save(..., replace_unreadable=True) moves it aside
    store.quicksave(snapshot, seconds); store.autosave(snapshot, seconds)   # ring of 3, oldest goes
    loaded = store.load("3")          # or store.quickload(); store.newest() -> SlotInfo for Continue
    loaded.session, loaded.play_seconds, loaded.notes                # notes (LoadNote data): tell the player
    if loaded.needs_resume: ...       # saved scene gone: the session is at the chapter's start; ask
    store.delete("3")                 # after the player confirms

    clock = PlayClock(loaded.play_seconds); clock.start(); clock.pause(); clock.seconds()
    format_play_time(seconds)         # "1 h 05 min"

Saves live in ``<saves root>/<story id>/<slot>.json`` (plus ``<slot>.bak.json``, the version it
replaced). The format is described in ``game.engine.saves.document``; the policies for backups and
unreadable files in ``game.engine.saves.store``.
"""

from typing import TYPE_CHECKING

from game.engine.lazy import lazy_exports

_EXPORTS = {
    "game.engine.saves.document": ("FORMAT_VERSION", "MAX_BYTES"),
    "game.engine.saves.location": ("ENV_VAR", "saves_root"),
    "game.engine.saves.migrate": ("Fitted", "Refitted", "fit", "refit"),
    "game.engine.saves.notes": ("FlagDropped", "FromBackup", "LoadNote", "QuizRestarted", "SceneGone", "SkillAdded",
                                "SkillDropped", "SkillReset", "StatAdded", "StatClamped", "StatDropped",
                                "UndoShortened", "VersionChanged"),
    "game.engine.saves.playtime": ("PlayClock", "format_play_time"),
    "game.engine.saves.slots": ("AUTO", "MANUAL", "NAME_LIMIT", "QUICK", "SLOTS", "SaveError", "SaveFault",
                                "check_slot", "clean_name", "label", "run_of", "run_slot"),
    "game.engine.saves.store": ("Loaded", "SaveStore", "SlotInfo"),
}
__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
__all__ = sorted(name for names in _EXPORTS.values() for name in names)

if TYPE_CHECKING:
    from game.engine.saves.document import FORMAT_VERSION, MAX_BYTES
    from game.engine.saves.location import ENV_VAR, saves_root
    from game.engine.saves.migrate import Fitted, Refitted, fit, refit
    from game.engine.saves.notes import (
        FlagDropped,
        FromBackup,
        LoadNote,
        QuizRestarted,
        SceneGone,
        SkillAdded,
        SkillDropped,
        SkillReset,
        StatAdded,
        StatClamped,
        StatDropped,
        UndoShortened,
        VersionChanged,
    )
    from game.engine.saves.playtime import PlayClock, format_play_time
    from game.engine.saves.slots import (
        AUTO,
        MANUAL,
        NAME_LIMIT,
        QUICK,
        SLOTS,
        SaveError,
        SaveFault,
        check_slot,
        clean_name,
        label,
    )
    from game.engine.saves.store import Loaded, SaveStore, SlotInfo
