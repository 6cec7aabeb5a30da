"""The classroom loop: students' submission files, the prediction kept between notebooks, the class aggregate.

:mod:`~entente_lab.classroom.submissions` writes and reads a student's work,
:mod:`~entente_lab.classroom.submission_file` checks a file's bytes in bounded time,
:mod:`~entente_lab.classroom.prediction_file` carries the prediction from one notebook to
another, :mod:`~entente_lab.classroom.aggregate` reads a class and
:mod:`~entente_lab.classroom.demo` makes a demonstration class, and
:mod:`~entente_lab.classroom.class_folder` keeps a class folder on a hub's shared volume: students
hand in to it, the instructor's view reads it as files arrive. Files and data only: the
class report, which draws figures, is :mod:`entente_lab.report`.
"""
