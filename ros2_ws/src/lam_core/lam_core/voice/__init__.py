"""Voice: microphone audio in, spoken goals and a spoken stop out of it, spoken answers back.

audio: PCM chunks checked and converted to mono float at SAMPLE_RATE_HZ, speech synthesis
(espeak-ng) and room noise for the simulator's microphone and the benchmarks.
keyword: the keyword spotter that hears "stop"/"halt" on the stream itself.
recognition: speech to text (pocketsphinx with a goal language model; Whisper from a local folder).
listener: the streaming core of speech_node (voice activity, utterances, the spotted stop).
"""
