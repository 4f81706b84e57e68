"""The guide as first published: loaded by a data migration and never forced back.

`load_guide` only inserts items whose slug is missing, so running it again (a fresh
migration, a test) never overwrites what an editor has changed since.
"""

from django.utils import timezone

from guidance.rendering import render

PARTS = [
    {
        "section": "understanding",
        "order": 10,
        "slug": "why-trust-matters",
        "title": "Why trust matters",
        "summary": "Trust quietly holds up every part of life, from close friendships to the strangers we rely on each day.",
        "body": """\
You probably don't think about trust very often. Most of the time it just works in the background, like the floor under your feet. Yet almost everything you do leans on it.

## It is in every relationship

With friends and family, trust is what lets you lean on each other. You believe they care about you, you let them support you, and you feel safe enough to be vulnerable with them, to show the parts of yourself you would not show to just anyone.

At work, trust means believing that your co-workers will do their part and won't quietly undermine you when you are not in the room.

And every day you trust many people you will never meet: the other drivers who stop at the red light, the person who cooks the food you eat. You do it without thinking, because without it ordinary life would be exhausting.

## When trust is hard

For some people, trusting others is very hard. For a few it is severe: they can barely open up, and they may push back when someone tries to get to know them. For others it is quieter. They drift away from friendships, or never quite let a friendship grow past a certain point.

Underneath, the difficulty is usually the same. It is hard for them to believe what other people say, and hard to believe that other people really care.

## Where do you even start?

Here is the puzzle. Learning anything takes some openness, and some faith in whoever is teaching you. But when trust itself is the thing that needs to be learned, where does a person begin?

That is what the rest of this guide is about. You cannot hand someone trust, but you can make it easier for them to find it again, and you can be one of the people who shows them it is possible.
""",
    },
    {
        "section": "understanding",
        "order": 20,
        "slug": "what-trust-issues-mean",
        "title": "What having trust issues means",
        "summary": "The common threads that run through trust issues, and why they look different in each person.",
        "body": """\
Trust issues look different in every person. For one, distrust touches every relationship. For another, it only shows up with certain people or certain kinds of relationship, such as romantic partners, or people in charge.

Still, some threads come up again and again. The person you care about might recognise a few of these, or many:

- **Assuming others mean harm.** They expect people to hurt them, trick them or let them down, often before anyone has done anything.
- **Never feeling safe.** Even in calm moments, part of them stays on guard.
- **Hesitating to connect, or fearing it.** Getting close feels risky, so they hold back or keep people at a distance.
- **Resisting any vulnerability.** Showing a feeling, asking for help or admitting a need can feel dangerous.
- **Seeing life as hard and lonely.** If you cannot rely on anyone, everything rests on you alone.
- **Very low self-esteem.** Many people who struggle to trust others also struggle to believe they are worth caring about.

None of this is a character flaw or a choice. These are ways of protecting yourself that made sense at some point. Knowing the threads helps you notice them with kindness rather than frustration.
""",
    },
    {
        "section": "development",
        "order": 10,
        "slug": "how-trust-issues-develop",
        "title": "How trust issues develop",
        "summary": "Everyone meets dishonesty; trust issues grow when the damage is severe, repeated or long-lasting.",
        "body": """\
Everyone is lied to or let down at some point. Most lies do little harm, and some do a lot. Trust issues tend to form when the damage is **severe**, when it is **repeated**, when it goes on for a **long time**, or when it is some mix of the three.

That kind of damage hurts two things at once:

1. **Believing others.** It becomes hard to take people at their word, or to believe they mean well.
2. **Believing yourself.** It also shakes a person's faith in their own judgment. If you trusted someone and were badly wrong, how can you know whom to trust next time?

The next three parts look at where this damage most often comes from: childhood and surroundings, romantic relationships, and work. The person you support may recognise one of them, several, or none. Each story is their own.
""",
    },
    {
        "section": "development",
        "order": 20,
        "slug": "childhood-and-surroundings",
        "title": "Childhood and surroundings",
        "summary": "A frightening, unstable or unsafe start in life can teach a child that people cannot be relied on.",
        "body": """\
Children learn what people are like from the people around them. When that early world is frightening or unstable, the lesson can stay for a long time.

Some of the ways it happens:

- **A home where anger and fear were normal.** If shouting, tension or fear were part of everyday life, a child learns to stay alert and expect the worst.
- **Parents who divorced.** A separation can leave a child with a lasting fear of being abandoned, a sense that the people you love may leave.
- **An abusive home.** Abuse from the very people who should protect you is very likely to leave deep trouble with trust.
- **An unsafe neighbourhood.** Growing up where you had to watch your back teaches you to keep doing so.
- **A society that felt risky and unstable.** Living through upheaval, conflict or constant uncertainty can make the whole world feel unreliable.

If the person you support grew up like this, their caution once kept them safe. It is not foolish; it is simply out of date.
""",
    },
    {
        "section": "development",
        "order": 30,
        "slug": "romantic-relationships",
        "title": "Romantic relationships",
        "summary": "Being betrayed by a partner is among the most painful experiences, and it can colour every relationship after.",
        "body": """\
Being betrayed by a partner is one of the most painful things a person can go through. You let someone closer than anyone, and they used that closeness against you.

It might have been an affair. It might have been a partner who lied often, even about small things, until nothing they said could be relied on. Whether that partner felt guilty afterwards changes very little: the damage is already done.

The result is often doubt that lasts into later relationships. Someone who was betrayed may find it very hard to believe that a new partner truly cares, however kind that partner is. If you are that new partner, you may be paying for something you never did. The practices later in this guide, especially *Don't take it personally*, are written with you in mind.
""",
    },
    {
        "section": "development",
        "order": 40,
        "slug": "trust-at-work",
        "title": "Work",
        "summary": "Next to home and love, work can seem minor, but a harmful workplace can wear away faith in others too.",
        "body": """\
Next to childhood and romance, trouble at work can seem small. But you spend a great deal of your life there, and a harmful workplace can slowly wear away your faith in people.

Think of a boss who undermines everyone, or co-workers who spread lies and gossip. Day after day, a person in that place learns a simple, heavy lesson: *"I am not safe. People are dangerous."*

That lesson does not always stay at the office. It can follow someone home and into their friendships.
""",
    },
    {
        "section": "signs",
        "order": 10,
        "slug": "signs-of-trust-issues",
        "title": "What trust issues look like",
        "summary": "Four common signs: withdrawing, lashing out, being hard to engage, and suspicion.",
        "body": """\
Some people will tell you plainly that they find it hard to trust. Many won't, or can't. Then you learn to read what they do. Here are four signs that often point to trust issues.

## Withdrawing

They are warm and ordinary one day, and then suddenly they pull back: fewer messages, cancelled plans, a closed door. Often this happens just as things were getting closer, because closeness is what feels risky.

## Lashing out

In emotional moments they may blow up, with anger that seems bigger than the situation. This is usually a learned way of coping. They do not expect others to react reasonably, so they strike first.

## Hard to engage

Some people keep everyone at arm's length in quieter ways: extreme shyness, a standoffish manner, a cheerful persona that never lets you see what is underneath, or a prickly way of talking that keeps people off. Each is a way to avoid real connection.

## Suspicion

They question your motives. You give an honest, reasonable explanation, and the doubt lingers anyway. That is not because your explanation was poor; it is because believing it feels unsafe.

Seeing one of these signs does not mean someone has trust issues. But if you see them often, and the person has told you trust is hard, they can help you understand what is going on.
""",
    },
    {
        "section": "help",
        "order": 10,
        "slug": "how-to-help",
        "title": "How to help: where you stand",
        "summary": "You help; you do not heal. Your friend stays in charge, and the work takes patience, presence and time.",
        "body": """\
Before the practices, one thing matters more than any of them: **only your friend can overcome their trust issues.** You can help a great deal, but you cannot heal them, and it is not your job to. They stay in charge of the solutions; you walk alongside.

What you bring is:

- **Patience.** Change here is slow, and it often goes two steps forward, one step back.
- **Presence.** Showing up, again and again, in ordinary ways.
- **A support network.** Neither of you should be doing this alone.

It will probably take a long time. That is normal, not a sign it isn't working. Trust issues can be worked through, and that work goes best with other people's help, which may include a therapist's.

The seven practices that follow are things you can actually do. You don't have to do them all at once. Pick one, try it, and come back to the others.
""",
    },
    {
        # Added after the first edition (migration 0004): it sits right after "Value the
        # little things", whose record of small promises it is about.
        "section": "help",
        "order": 35,
        "slug": "sharing-what-you-promised",
        "title": "When sharing your record helps",
        "summary": "Letting them see the small promises you made them, and how they went, can help. Ask first, and stop if it starts to feel like keeping score.",
        "body": """\
Saying "you can trust me" rarely changes anything. What slowly does is a record: small promises, made and kept, one after another. Usually that record lives only in your head, or in your tracker. Sometimes it can help to let the person you support see it too.

Steady lets you make a private page for one person, showing only the promises and routines you choose, what is coming up, and how the last few weeks went, honestly, misses included.

## Ask them first

This is their page as much as yours. Some people find it steadying to see, in plain sight, that you keep showing up. Others would find it odd, or feel watched, or feel they are being asked to grade you. Tell them what it is and let them decide. "No, thanks" is a perfectly good answer, and it tells you something useful.

## It shows effort; it asks for nothing back

The page is there to show, not to prove. It does not ask them to reply, to thank you, or to trust you faster. If you catch yourself hoping they will notice a good week, or pointing them to it after an argument, take a step back. Trust grows from what you do, not from how well it is displayed.

## Be honest in it

A page of nothing but "kept on time" is less believable than one with the odd miss and what you did next. When you miss something, own it plainly, offer a new time or a smaller promise, and, if it helps, leave them a short note. A repair they can see often builds more trust than a perfect run.

## Stop when it stops helping

If the page starts to feel like keeping score, for either of you, stop sharing. You can end the link at any moment, and nothing about your promises changes. The promises were always the point; the page was only a window onto them.
""",
    },
    {
        "section": "professional",
        "order": 10,
        "slug": "professional-help",
        "title": "Finding professional help",
        "summary": "Why a counsellor can make a real difference, what therapy can look like, and what to do in a crisis.",
        "body": """\
Friends and family matter enormously. But professional counselling can also be crucial, and there is no shame in it, for your friend or for you.

## Why a professional helps

A trained counsellor understands what is at play in trust issues. They can choose the right response for this person at this moment, and they keep the focus on the real problem rather than on whatever argument is happening today. They can also help untangle where the distrust began, which is often hard to do from the inside.

## What therapy can look like

**Cognitive behavioural therapy (CBT)** is one approach that works well for many people. Together with the therapist, a person brings their negative thoughts and habits into view, works through them, and gradually turns them into healthier ones. CBT is offered in person and also **online**, which can feel easier for someone who finds a face-to-face room hard.

## How to find someone

Look for a qualified, registered professional: a counsellor, psychologist or psychotherapist. Your doctor or local health service can usually point you to one, and professional bodies in many countries keep public registers of accredited practitioners. It is fine to speak to more than one before choosing; feeling safe with the person matters.

## In a crisis

If you or the person you support is in danger, or might harm themselves or someone else, **call your local emergency number now**, or go to the nearest emergency department. Crisis phone and text lines exist in many places and can help right away.

## What Steady is, and is not

Steady is a guide and a tracker written for people who want to help. **It is not a substitute for diagnosis, treatment or professional advice**, and it does not diagnose anyone.
""",
    },
    {
        "section": "closing",
        "order": 10,
        "slug": "closing",
        "title": "The road ahead",
        "summary": "Trust lets people take risks and enjoy life. The work is slow, but you don't do it alone.",
        "body": """\
Trust sits underneath every interaction. It is what lets people chase their dreams, take risks and enjoy their lives. Without it, the world can feel a lot darker.

Knowing about trust issues is one thing; doing the work is another. The work takes time, effort and patience at every step. Tiny gestures make a big difference, even when they feel too small to matter. Untangling where the distrust came from takes longer, and that is all right.

Having a friend who is willing to help is a real gift. It will not always be easy, for either of you. But there is a better life on the other side, for both of you, and every small promise you keep is a step towards it.
""",
    },
]

PRACTICES = [
    {
        "order": 20,
        "slug": "learn-where-it-comes-from",
        "title": "Learn where it comes from",
        "summary": "Understanding how they learned not to trust helps them, and helps you stay patient.",
        "body": """\
Sometimes simply telling someone how they learned not to trust can help them by itself. Putting a story into words can loosen its grip.

Knowing where the distrust comes from helps you too. It makes it easier to support them well and to stay patient when things get hard, because you can see the old hurt behind today's reaction.

So listen closely. Ask gentle questions and let them answer at their own pace. Don't push for details they aren't ready to share. The more you understand, the sooner you will notice when something is troubling them, and the easier it becomes to talk it through together.

*In Steady, you can keep private listening notes, just for you, to remember what they have shared.*
""",
        "suggestions": [
            (
                "Ask one open question about their week and just listen",
                "routine",
                "weekdays",
                64,
                None,
                None,
                "every Sunday",
            ),
            (
                "Set aside an unhurried evening to listen without advice",
                "promise",
                "",
                0,
                None,
                None,
                "",
            ),
            (
                "Write a private note about something they shared",
                "routine",
                "per_week",
                0,
                1,
                None,
                "once a week",
            ),
        ],
    },
    {
        "order": 30,
        "slug": "value-the-little-things",
        "title": "Value the little things",
        "summary": "Start small: low-risk, reliable acts give real evidence that you can be counted on.",
        "body": """\
Big change starts small. Someone who is afraid to trust cannot begin with a big leap; it would feel far too risky. So begin with small, low-risk things.

Set a time to meet, and be there right on time. Make simple promises, and keep them. Say you will call at eight, and call at eight.

These cost you very little. For them, each one is real evidence that you mean what you say. One kept promise proves little; many of them, over weeks, start to add up.

If you can't keep something, say so early and offer a new time. Letting them know in advance is itself a way of being reliable.

*In Steady, you can track small promises with a due time, record whether you kept them on time, late, or rescheduled with notice, and watch your on-time follow-through grow.*
""",
        "suggestions": [
            ("Arrive five minutes early to our next coffee", "promise", "", 0, None, None, ""),
            ("Call when I said I would", "promise", "", 0, None, None, ""),
            (
                "Reply to their messages the same day",
                "routine",
                "daily",
                0,
                None,
                None,
                "every day",
            ),
            ("Do the small thing I offered to do this week", "promise", "", 0, None, None, ""),
        ],
    },
    {
        "order": 40,
        "slug": "remember-they-are-trying",
        "title": "Remember they are trying",
        "summary": "Slow progress is still effort; they are probably working as hard as you are, or harder.",
        "body": """\
When change is slow, it is easy to decide that they don't want to change, or that they don't see how hard you are trying.

But think back. If they told you about their trust issues, and you agreed to work on them together, they are probably trying as hard as you are, or harder, however slow it looks from outside. Every small risk they take with you is a big one for them.

Patience and understanding are the key here. When you feel frustrated, remind yourself what they are up against, and notice the small steps they have taken.

*In Steady, after a hard moment you can write a short reflection: what happened, your first reading of it, and a kinder reading.*
""",
        "suggestions": [
            (
                "Notice one small step they took and tell them",
                "routine",
                "per_week",
                0,
                1,
                None,
                "once a week",
            ),
            (
                "After a hard moment, write down a kinder reading of it",
                "routine",
                "every_n_days",
                0,
                None,
                3,
                "every few days",
            ),
        ],
    },
    {
        "order": 50,
        "slug": "repeat-repeat-repeat",
        "title": "Repeat, repeat, repeat",
        "summary": "Trust is earned, not declared: keep affirming your care and your commitment, again and again.",
        "body": """\
Saying "you can trust me" doesn't work. Trust is earned; nobody can take it on your word alone.

What helps is repetition. Tell them, sincerely and often, that you care about them. Remind them that you are committed to working on this together. Then say it again next week, and the week after.

Their distrust was fed by experiences of being abandoned or rejected, perhaps many times. Steady, repeated signs of the opposite, that you are still here and still care, slowly push back against those old lessons. It may feel like you are repeating yourself. That is the point.

*In Steady, you can set up recurring commitments, such as a weekly word of appreciation, and see your streaks and how strong the habit is becoming.*
""",
        "suggestions": [
            (
                "Tell them one thing I appreciate, every Sunday",
                "routine",
                "weekdays",
                64,
                None,
                None,
                "every Sunday",
            ),
            (
                "Send a short message to say I'm thinking of them",
                "routine",
                "per_week",
                0,
                3,
                None,
                "three times a week",
            ),
            ("Remind them I'm in this with them", "routine", "per_week", 0, 1, None, "once a week"),
        ],
    },
    {
        "order": 60,
        "slug": "keep-healthy-boundaries",
        "title": "Keep healthy boundaries",
        "summary": "Being patient never means accepting treatment you would not normally accept, or being their only support.",
        "body": """\
Patience does not mean putting up with anything. You do not have to accept treatment that you would not normally accept.

Be gentle, and be clear, about what you will not accept: being shouted at, perhaps, or being accused without reason. Saying so calmly is not a punishment. Clear, predictable limits are something they can rely on, which is exactly what trust is built from.

Don't let yourself become their only source of support. It will overwhelm you, and it doesn't help them either: they need a wider circle of people to lean on, and so do you.

*In Steady, you can keep a private list of the boundaries you hold, log a time one was tested and held, and keep a short list of their other supports to look at when you feel overwhelmed.*
""",
        "suggestions": [
            (
                "Write down one boundary I want to hold, in my own words",
                "promise",
                "",
                0,
                None,
                None,
                "",
            ),
            (
                "Check in with my own support once a week",
                "routine",
                "per_week",
                0,
                1,
                None,
                "once a week",
            ),
            (
                "Spend an evening doing something for myself",
                "routine",
                "weekdays",
                32,
                None,
                None,
                "every Saturday",
            ),
        ],
    },
    {
        "order": 70,
        "slug": "dont-take-it-personally",
        "title": "Don't take it personally",
        "summary": "Their distrust began with an old wound; they are struggling, not attacking you.",
        "body": """\
It can feel deeply unfair. You are being extra honest, extra kind, and still it feels as if you are being punished for someone else's wrongs.

Remember where the problem really lies: in an earlier wound, perhaps one that happened again and again, caused by someone they trusted. When they doubt you or pull away, they are reacting to that old hurt. They are struggling, not attacking you.

This does not make the hurt you feel unimportant. Take care of it, talk to someone about it, and keep your boundaries. But try not to carry their distrust as a verdict on you.

*In Steady, after a hard moment you can write down what happened, your first reading of it, and a kinder reading.*
""",
        "suggestions": [
            (
                "After a hard moment, pause and write a kinder reading",
                "routine",
                "every_n_days",
                0,
                None,
                2,
                "every couple of days",
            ),
            (
                "Take a short walk before replying when I feel stung",
                "routine",
                "daily",
                0,
                None,
                None,
                "every day",
            ),
        ],
    },
    {
        "order": 80,
        "slug": "encourage-professional-help",
        "title": "Encourage professional help",
        "summary": "There is no shame in counselling; it helps them untangle things, and means you are not their only resource.",
        "body": """\
There is no shame in seeing a counsellor. A trained professional can help untangle things that are very hard to untangle alone, or with a friend.

It helps you too. When they have a counsellor, you are no longer their only resource, and supporting them becomes lighter and easier.

Bring it up gently, when things are calm rather than in the middle of a hard moment. Offer practical help if they want it, such as finding names or sitting with them while they make the first call, but leave the choice with them.

See [Finding professional help](/guide/professional-help/) for what therapy can look like and how to find someone qualified.
""",
        "suggestions": [
            (
                "Gently raise the idea of seeing a counsellor, when things are calm",
                "promise",
                "",
                0,
                None,
                None,
                "",
            ),
            (
                "Offer to help find a qualified counsellor together",
                "promise",
                "",
                0,
                None,
                None,
                "",
            ),
            (
                "Ask how their sessions are going, without prying",
                "routine",
                "per_week",
                0,
                1,
                None,
                "once a week",
            ),
        ],
    },
]

SUGGESTION_FIELDS = (
    "title",
    "kind",
    "schedule_type",
    "weekdays",
    "times_per_week",
    "interval_days",
    "schedule_hint",
)


def _rendered(body: str) -> dict:
    rendered = render(body)
    return {
        "body_html": rendered.html,
        "body_text": rendered.text,
        "reading_minutes": rendered.reading_minutes,
    }


def load_guide(apps, *, only: set[str] | None = None) -> None:
    """Insert every part, practice and suggestion that is not there yet (with `only`,
    just the items with those slugs: a later migration adding one part must not bring
    back a part an editor deleted).

    Works with a migration's historical `apps` (whose models lack `save()` logic, so the
    HTML is rendered here) and with the real registry.
    """
    Part = apps.get_model("guidance", "Part")
    Practice = apps.get_model("guidance", "Practice")
    Suggestion = apps.get_model("guidance", "SuggestedCommitment")
    for data in PARTS:
        if only is not None and data["slug"] not in only:
            continue
        part, _ = Part.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **{key: value for key, value in data.items() if key != "slug"},
                **_rendered(data["body"]),
                "status": "published",
            },
        )
        _record_first_version(apps, "HistoricalPart", part)
    for data in PRACTICES:
        if only is not None and data["slug"] not in only:
            continue
        fields = {key: value for key, value in data.items() if key not in {"slug", "suggestions"}}
        practice, created = Practice.objects.get_or_create(
            slug=data["slug"],
            defaults={**fields, **_rendered(data["body"]), "status": "published"},
        )
        _record_first_version(apps, "HistoricalPractice", practice)
        if created:
            for order, values in enumerate(data["suggestions"], start=1):
                suggestion = Suggestion.objects.create(
                    practice=practice,
                    order=order,
                    **dict(zip(SUGGESTION_FIELDS, values, strict=True)),
                )
                _record_first_version(apps, "HistoricalSuggestedCommitment", suggestion)


def _record_first_version(apps, history_model: str, obj) -> None:
    """Keep the seeded text as the first revision, so an editor can always go back to it.

    Migrations use plain models without django-simple-history's signals, so the row is
    written here; with the real models the signal has already written it.
    """
    History = apps.get_model("guidance", history_model)
    if History.objects.filter(id=obj.pk).exists():
        return
    names = {field.attname for field in obj._meta.concrete_fields}
    values = {
        field.attname: getattr(obj, field.attname)
        for field in History._meta.concrete_fields
        if field.attname in names
    }
    History.objects.create(**values, history_date=timezone.now(), history_type="+")


EDITOR_GROUP = "Content editors"
# The guide's content models; reading progress is readers' private data, so editors
# get no permission on it.
EDITOR_MODELS = ("part", "practice", "suggestedcommitment")
HISTORY_MODELS = ("historicalpart", "historicalpractice", "historicalsuggestedcommitment")


def create_editor_group(apps) -> None:
    """The "Content editors" group with exactly the guide-editing permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make them exist now.
    app_config = apps.get_app_config("guidance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}"
        for model in EDITOR_MODELS
        for action in ("add", "change", "delete", "view")
    ] + [f"view_{model}" for model in HISTORY_MODELS]
    permissions = Permission.objects.filter(
        content_type__app_label="guidance", codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.set(permissions)
