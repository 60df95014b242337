"""Program tags: getChannels (channels and their progression statuses) and getTags.

Both read the fixed catalogue in :mod:`generator.profiles.mktows.simulator.seed`.
"""

from __future__ import annotations

from typing import Any

from generator.profiles.mktows.simulator import seed
from generator.profiles.mktows.simulator.ops_common import Context, operation


@operation("getChannels")
def get_channels(ctx: Context, params: Any) -> Any:
    tag = params.tag
    wanted = (
        set(tag.values.string_item)
        if ctx.present(tag) and tag.values
        else set(seed.CHANNELS)
    )
    m = ctx.m
    statuses = [
        m.TagStatus(
            tag_value=channel,
            status_list=m.ArrayOfProgressionStatus(
                progression_status_item=[
                    m.ProgressionStatus(
                        progression_status=m.ArrayOfAttrib(
                            attrib=[
                                m.Attrib(name="Status", value=status),
                                m.Attrib(name="Step", value=str(step)),
                                m.Attrib(
                                    name="Success", value="true" if success else "false"
                                ),
                            ]
                        )
                    )
                    for status, step, success in steps
                ]
            ),
        )
        for channel, steps in seed.CHANNELS.items()
        if channel in wanted
    ]
    return m.SuccessGetChannels(
        result=m.ResultGetChannels(tags=m.ArrayOfTagStatus(tag_status=statuses))
    )


@operation("getTags")
def get_tags(ctx: Context, params: Any) -> Any:
    catalogue = {"Channel": list(seed.CHANNELS), **seed.TAG_TYPES}
    asked = (
        [t.type_value for t in params.tag_list.tag]
        if ctx.present(params.tag_list)
        else []
    )
    m = ctx.m
    tags = [
        m.Tag(type_value=kind, values=m.ArrayOfString(string_item=values))
        for kind, values in catalogue.items()
        if not asked or kind in asked
    ]
    return m.SuccessGetTags(result=m.ResultGetTags(tag_list=m.ArrayOfTag(tag=tags)))
