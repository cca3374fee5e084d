"""`lesson-player import`: a lesson made from a video and its transcript, aligned offline.

transcript.py reads the text, player.align times its words, cues.py cuts caption-sized cues,
tracks.py writes the WebVTT and TOML text, media.py prepares the video and poster, write.py
puts every file in place at once, report.py says what was done; command.py runs the steps.
"""
