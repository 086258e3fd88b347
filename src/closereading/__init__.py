"""closereading: the package behind the close-reading course on Part III of the 2011 white
paper *China's Peaceful Development*.

Modules (import what you need; nothing heavy is imported here):

* ``closereading.text``: the raw capture parsed into sections and paragraphs with ids;
* ``closereading.course``: the course plan from ``materials/course.yml``;
* ``closereading.views``: what the notebooks display about the document;
* ``closereading.stats`` and ``closereading.plots``: text statistics and charts;
* ``closereading.materials``: YAML loading with errors that name file, item and field.
"""

__version__ = "0.1.0"
