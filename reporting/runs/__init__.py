"""The periodic ministry reports' content (issue 15): each kind is a list of parts
(`Part`: a titled table), built from the figures layer only, and written by one
writer per format (xlsx.py), so every file of a run says the same."""
