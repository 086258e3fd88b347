"""Settings shared by the course's widgets (the quiz, the reading widgets, the export).

``TYPED``: a text box whose words a button then uses (Check, Save, Add annotation,
Export) sends what was typed once, when the box loses focus or Enter is pressed, not at
every key. The reason is a race in ipywidgets' messages. While the kernel has not yet
answered a model's last update, the browser holds that model's next update back, but it
sends a button's click at once: clicks are not held back (ipywidgets pull request 1383).
On a busy kernel (a loaded hub, a slow machine) a learner who typed and went straight to
the button could have the click arrive before the last letters: the quiz then graded
"common but differentiated responsibiliti" (seen in a browser test), and an annotation
or a response could have been saved short. With one update, sent as the focus leaves
the box (before the button is pressed), nothing is held back, and the click comes after
the words. (That the kernel then handles the words before the click also needs every
widget message to be handled in one thread, in the order sent: the course's JupyterLab
settings turn off comms over subshells, config/jupyterlab-overrides.json.) Nothing in
the course reacts to a box while it is being typed in; the
explorers' search box, which does, keeps updating as the learner types.
"""

TYPED = {"continuous_update": False}
