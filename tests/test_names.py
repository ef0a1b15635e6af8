from fabula.stages.names import find_people


def people(text):
    return {p.name: (p.gender, set(p.forms)) for p in find_people(text, [(0, len(text))])}


def test_full_name_gathers_first_name_and_surname_and_titles_split_genders():
    text = (
        "Frank Churchill arrived. Mr. Frank Churchill bowed. Frank smiled at Mrs. Weston. "
        "Mrs. Weston laughed. Mr. Weston said nothing. Later Mr. Weston nodded and Frank Churchill left."
    )
    found = people(text)
    frank = next(forms for _, forms in found.values() if "Frank" in forms)
    assert {"Frank Churchill", "Mr. Frank Churchill"} <= frank
    assert found["Mrs. Weston"][0] == "female" and found["Mr. Weston"][0] == "male"


def test_places_ranks_and_interjections_are_not_people():
    text = (
        '"Hinata, wait," Naruto said. She went back to Mist. In Mist people worked. Shit. '
        "An Anbu had come. Naruto sighed. Later an Anbu left for Mist. Hinata nodded."
    )
    found = people(text)
    assert set(found) == {"Naruto", "Hinata"}


def test_non_english_names_work_like_english_ones():
    text = "Ji-woo Park smiled. Ji-woo said nothing. Later Ji-woo Park laughed and Ji-woo left."
    assert "Ji-woo Park" in people(text)


def test_speaking_definite_names_are_characters():
    text = '"Off with his head!" said the Queen. The Queen frowned. "Never," said the Dormouse. The Dormouse slept.'
    found = people(text)
    assert {"the Queen", "the Dormouse"} <= set(found)
    assert found["the Queen"][0] == "female"


def test_bare_surname_goes_to_the_bearer_the_pronouns_fit():
    text = (
        "Newland Archer came in. Mrs. Archer looked up. Archer smiled and he sat down. "
        "Archer was tired, and he said so. Later Newland Archer left. Mrs. Archer frowned. "
        "Janey Archer laughed. Archer knew he was late."
    )
    found = people(text)
    newland = next(forms for _, forms in found.values() if "Newland Archer" in forms)
    assert "Archer" in newland
    assert found["Mrs. Archer"][1] == {"Mrs. Archer"}


def test_the_before_a_titled_name_belongs_to_the_title():
    text = ('"Yes," said the Countess Olenska. The Countess Olenska smiled. '
            'Later the Countess Olenska left, and she was gone.')
    assert "Countess Olenska" in people(text)


def test_a_one_word_answer_is_not_a_vocative_name():
    text = '"Fine," she muttered. "Hold the light, then." Aiko waited. Later Aiko left.'
    assert "Fine" not in people(text)


def test_gender_from_a_possessive_her_in_the_subjects_clause():
    text = "Aiko climbed the stairs with the can against her knee. Later Aiko rested."
    assert people(text)["Aiko"][0] == "female"
