"""Every task has a soft and a hard time limit, so a stuck task never holds a worker for ever."""

from config.celery import app


def test_elke_taak_heeft_een_zachte_en_harde_tijdslimiet():
    app.loader.import_default_modules()
    taken = {naam: taak for naam, taak in app.tasks.items() if not naam.startswith("celery.")}
    assert "spuk.tasks.herbereken_gemeente" in taken and "werkboek.tasks.voer_import_uit" in taken
    for naam, taak in taken.items():
        zacht = taak.soft_time_limit or app.conf.task_soft_time_limit
        hard = taak.time_limit or app.conf.task_time_limit
        assert zacht and hard and zacht < hard, naam
    batch = taken["spuk.tasks.herbereken_gemeenten"]
    assert batch.soft_time_limit > app.conf.task_soft_time_limit  # a nightly batch gets an hour
